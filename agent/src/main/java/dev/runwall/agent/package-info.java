/** Runwall agent module. */
package dev.runwall.agent;
