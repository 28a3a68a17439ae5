/** Runwall dns module. */
package dev.runwall.dns;
