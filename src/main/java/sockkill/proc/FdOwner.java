package sockkill.proc;

/** A process that holds a socket: its pid, the fd it holds it under, and its command name. */
public record FdOwner(int pid, int fd, String comm) {
}
