/**
 * PNG charts drawn with XChart, headless: the common ground, generic line, scatter and bar charts,
 * and one class per kind of figure.
 */
package genmodels.plot;
