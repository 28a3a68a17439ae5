/** Runwall bench module. */
package dev.runwall.bench;
