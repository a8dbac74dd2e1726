/**
 * Constitutive laws of 3D small-strain structural mechanics, integrated over one time increment
 * at a material point: isotropic thermoelasticity, J2 plasticity and J2 (Norton) viscoplasticity
 * with isotropic and Armstrong-Frederick kinematic hardening, parameters tabulated against
 * temperature. Symmetric tensors are Mandel vectors ({@link org.jrom.fem.mechanics.Mandel}); the
 * state of a point is a flat run of doubles laid out by the law's {@link
 * org.jrom.fem.mechanics.StateLayout}. See docs/mechanics.md.
 */
package org.jrom.fem.mechanics;
