/**
 * The database schema: Liquibase changelogs under {@code db/changelog}, applied by
 * whichever service starts first.
 */
package com.psabridge.core.schema;
