package org.jrom.spark;

import org.jrom.fem.problems.ThermalBlock;
import org.jrom.models.ModelRecipe;
import org.jrom.models.StationaryModel;

/**
 * The thermal block of jrom-fem as a snapshot source: {@code blocksX x blocksY} blocks of {@code
 * resolution} cells per side, P1, one conductivity per block.
 */
public record ThermalBlockRecipe(int blocksX, int blocksY, int resolution) implements ModelRecipe {
    @Override
    public StationaryModel model() {
        return ThermalBlock.discretize(blocksX, blocksY, resolution).toModel();
    }

    @Override
    public String describe() {
        return "thermal block " + blocksX + "x" + blocksY + ", " + resolution + " cells per block side";
    }
}
