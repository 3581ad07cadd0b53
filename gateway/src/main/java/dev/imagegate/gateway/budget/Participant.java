package dev.imagegate.gateway.budget;

import dev.imagegate.gateway.store.Budget;

/**
 * One of the accounts a call is charged to, with the limits that apply to it.
 *
 * @param label how error messages name it ({@code Key=alias (sk-...abcd)}, {@code Team=t1}, ...)
 * @param rpmLimit requests per minute, or null
 * @param maxParallel calls in flight, or null
 */
record Participant(Counter counter, Budget budget, Integer rpmLimit, Integer maxParallel, String label) {}
