/** Runwall linux module. */
package dev.runwall.linux;
