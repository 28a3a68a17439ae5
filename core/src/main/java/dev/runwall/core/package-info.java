/** Runwall core module. */
package dev.runwall.core;
