package sockkill.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import jnr.constants.platform.Errno;
import sockkill.sys.Native;
import sockkill.sys.NativeException;

/**
 * Reads another process's memory without stopping it: process_vm_readv(2), or where that call is
 * missing or filtered out (a seccomp profile), {@code /proc/P/mem}. Both need ptrace rights over the
 * process.
 */
public final class ProcessMemory {
    private final Path root;

    public ProcessMemory(ProcFs proc) {
        this.root = proc.root();
    }

    /**
     * Exactly {@code length} bytes at {@code address} in process {@code pid}.
     *
     * @throws IOException if they cannot all be read: unmapped memory (EFAULT, EIO), the process
     *         gone (NoSuchFileException), no rights (AccessDeniedException)
     */
    public byte[] read(int pid, long address, int length) throws IOException {
        byte[] got;
        try {
            got = Native.readProcessMemory(pid, address, length);
        } catch (NativeException e) {
            if (e.is(Errno.ESRCH)) {
                throw new NoSuchFileException("/proc/" + pid);
            }
            if (!e.is(Errno.ENOSYS) && !e.is(Errno.EPERM)) {
                throw e;
            }
            got = readMemFile(pid, address, length, e);
        }
        if (got.length < length) {
            throw new IOException("only " + got.length + " of " + length + " bytes at 0x" + Long.toHexString(address)
                    + " are mapped in pid " + pid);
        }
        return got;
    }

    private byte[] readMemFile(int pid, long address, int length, NativeException first) throws IOException {
        Path mem = root.resolve(Integer.toString(pid)).resolve("mem");
        try (FileChannel f = FileChannel.open(mem, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                int n = f.read(b, address + b.position());
                if (n <= 0) {
                    break;
                }
            }
            return Arrays.copyOf(b.array(), b.position());
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(mem.toString(), null, first.getMessage());
        }
    }
}
