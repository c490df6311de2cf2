/**
 * The {@code course} command: the lecture decks' figures regenerated through the ordinary
 * commands, resumable, gathered into one HTML gallery.
 */
package genmodels.course;
