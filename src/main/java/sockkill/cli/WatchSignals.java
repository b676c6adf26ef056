package sockkill.cli;

import sockkill.core.Watch;
import sun.misc.Signal;

/**
 * The signals {@code sockkill watch} answers, as a daemon's: SIGHUP and SIGUSR1 start a round now,
 * SIGTERM and SIGINT stop the watch (exit 0, instead of the JVM's 143 and 130). The handlers run on
 * the JVM's signal thread and only tell the loop.
 */
final class WatchSignals {
    private WatchSignals() {
    }

    static void install(Watch watch) {
        Signal.handle(new Signal("HUP"), s -> watch.wake());
        Signal.handle(new Signal("USR1"), s -> watch.wake());
        Signal.handle(new Signal("TERM"), s -> watch.stop());
        Signal.handle(new Signal("INT"), s -> watch.stop());
    }
}
