/**
 * The two kinds of failure a user is told about in one line: their own mistake (exit 2) and their
 * environment's.
 */
package genmodels.errors;
