/** Image output: PNG sample grids. */
package io.github.samegan.core.io;
