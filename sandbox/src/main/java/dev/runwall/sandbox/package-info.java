/** Runwall sandbox module. */
package dev.runwall.sandbox;
