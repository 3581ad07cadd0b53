package dev.imagegate.router;

import java.time.Clock;
import java.util.random.RandomGenerator;

/** The router's collaborators, shared by {@link Picker} and {@link GroupCall}. */
record RouterContext(RouterSettings settings, Strategy strategy, Dispatcher dispatcher, Clock clock,
                     Sleeper sleeper, RandomGenerator random, Cooldowns cooldowns, Traffic traffic,
                     RouterListener listener) {
}
