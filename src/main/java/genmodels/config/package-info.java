/**
 * Run configs: YAML or JSON read with Jackson into records, {@code --set} overrides, the checks
 * that turn a bad value into a one-line error naming its key.
 */
package genmodels.config;
