/**
 * Network building blocks over SameDiff: {@link io.github.samegan.core.nn.Dense}, {@link
 * io.github.samegan.core.nn.Conv2d}, {@link io.github.samegan.core.nn.ConvTranspose2d}, {@link
 * io.github.samegan.core.nn.AvgPool2d}, {@link io.github.samegan.core.nn.BatchNorm} (hand-built,
 * train/inference aware), class-conditional {@link io.github.samegan.core.nn.ConditionalBatchNorm}
 * (labels from {@link io.github.samegan.core.graph.NetGraph#withLabels}) and BigGAN's {@link
 * io.github.samegan.core.nn.LinearConditionalBatchNorm} (gain and bias from a conditioning vector),
 * {@link io.github.samegan.core.nn.LayerNorm}, {@link io.github.samegan.core.nn.Activation}, {@link
 * io.github.samegan.core.nn.Reshape} and {@link io.github.samegan.core.nn.Sequential}. Every block
 * is a {@link io.github.samegan.core.nn.Layer}: it creates its weights through the graph context
 * once and returns its output.
 *
 * <p>Every block here also provides its <em>input gradient built from forward ops</em> ({@link
 * io.github.samegan.core.nn.Layer#trace}, {@link io.github.samegan.core.nn.Traced}), which gradient
 * penalties need because SameDiff 1.0.0-M2.1 cannot differentiate a gradient.
 */
package io.github.samegan.core.nn;
