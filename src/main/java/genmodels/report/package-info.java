/**
 * The {@code report} command: one self-contained HTML page for one run or several side by side.
 */
package genmodels.report;
