/**
 * The command line (picocli): the groups ({@code train}, {@code fit}, {@code explain}, {@code
 * sweep}) and single commands, their options, error handling and exit codes. Commands parse and
 * delegate; the work lives in the packages below.
 */
package genmodels.cli;
