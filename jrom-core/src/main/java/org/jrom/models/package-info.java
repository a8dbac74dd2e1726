/** Full-order and reduced models: {@link org.jrom.models.StationaryModel} and what it answers. */
package org.jrom.models;
