/**
 * What genmodels asks of the engine beyond DJL: device and thread choice, seeds (the one place the
 * engine's generator is seeded), linear algebra and reductions.
 */
package genmodels.engine;
