/**
 * Adversarial losses and regularisers behind {@link io.github.samegan.core.loss.GanLoss}, in the
 * TorchGAN layering: pure functions in {@link io.github.samegan.losses.Functional}, thin loss
 * records holding hyper-parameters ({@link io.github.samegan.losses.MinimaxLoss}, {@link
 * io.github.samegan.losses.WassersteinLoss}, {@link io.github.samegan.losses.HingeLoss}, {@link
 * io.github.samegan.losses.LeastSquaresLoss}, {@link
 * io.github.samegan.losses.RelativisticAverageLoss}, {@link
 * io.github.samegan.losses.FeatureMatchingLoss}), gradient penalties ({@link
 * io.github.samegan.losses.Penalty}: {@link io.github.samegan.losses.WganGradientPenalty} and
 * {@link io.github.samegan.losses.DraganPenalty}, both a {@link
 * io.github.samegan.losses.TwoSidedGradientPenalty}, and {@link
 * io.github.samegan.losses.ZeroCenteredGradientPenalty} for R1/R2) combined with a base loss by
 * {@link io.github.samegan.losses.PenalizedLoss}, the AC-GAN term {@link
 * io.github.samegan.losses.AuxiliaryClassifierLoss} ({@link
 * io.github.samegan.losses.AuxiliaryClassifierGanLoss}) and InfoGAN's {@link
 * io.github.samegan.losses.InfoGanLoss}, the regularisers any loss takes ({@link
 * io.github.samegan.losses.HistoricalAveraging}, BigGAN's {@link
 * io.github.samegan.losses.OrthogonalRegularization} of G), and the immutable {@link
 * io.github.samegan.losses.LossRegistry} creating each by name from {@link
 * io.github.samegan.losses.LossOptions}, the values of the {@link
 * io.github.samegan.losses.LossOption}s each loss declares; losses from outside SameGAN join it
 * through a {@link io.github.samegan.losses.LossProvider} listed in {@code META-INF/services}. The
 * catalogue with formulas, options and recommended settings is docs/losses.md.
 */
package io.github.samegan.losses;
