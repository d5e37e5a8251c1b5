/**
 * Every error the gateway answers, as {@code application/problem+json}, and the
 * field-by-field reading of JSON bodies that lists every bad field at once.
 */
package com.psabridge.gateway.problem;
