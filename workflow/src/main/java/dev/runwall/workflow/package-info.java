/** Runwall workflow module. */
package dev.runwall.workflow;
