/** jrom: certified reduced-order models for the JVM. */
package org.jrom;
