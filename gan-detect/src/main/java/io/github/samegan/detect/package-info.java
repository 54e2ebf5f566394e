/**
 * Real-vs-generated image detection in the CNNDetection style (Wang et al. 2020): train a
 * detector, evaluate it (AP, accuracy on real and on fake) and score generators by how often their
 * images are caught. The module is scaffolding until issue #7 lands; it already fixes the package
 * and its place in the dependency graph (core, models, data).
 */
package io.github.samegan.detect;
