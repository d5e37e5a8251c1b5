/**
 * Work that costs the same for one item as for many (a statement, a commit, a wait for
 * broker confirms) done once for the items that arrive while it runs.
 */
package com.psabridge.core.batch;
