package sockkill.diag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import sockkill.sys.Kernel;

/**
 * What the kernel does with inet_diag filter bytecode, transcribed from net/ipv4/inet_diag.c for
 * the op codes sockkill emits: {@code inet_diag_bc_audit} (the checks a request must pass, else
 * EINVAL) and {@code inet_diag_bc_run} (whether one socket is selected). The comments quote the
 * kernel's code.
 */
public final class KernelBytecode {
    private KernelBytecode() {
    }

    private static final int OP_SIZE = 4;      // sizeof(struct inet_diag_bc_op)
    private static final int HOSTCOND_SIZE = 8; // sizeof(struct inet_diag_hostcond)
    private static final int AF_UNSPEC = 0;

    /**
     * {@code struct inet_diag_entry} as inet_diag_bc_sk fills it: the family, the ports in host order,
     * the addresses as 16 bytes in network order (an IPv4 socket's in the first 4).
     */
    public record Entry(int family, int sport, int dport, byte[] saddr, byte[] daddr) {
        public Entry {
            saddr = Arrays.copyOf(saddr, 16);
            daddr = Arrays.copyOf(daddr, 16);
        }
    }

    /** {@code inet_diag_bc_run}: true when the program steps exactly off its end. */
    public static boolean run(byte[] bytecode, Entry entry) {
        ByteBuffer bc = ByteBuffer.wrap(bytecode).order(ByteOrder.nativeOrder());
        int pc = 0;
        int len = bytecode.length;
        while (len > 0) {
            int code = Byte.toUnsignedInt(bc.get(pc));
            int yesStep = Byte.toUnsignedInt(bc.get(pc + 1));
            int noStep = Short.toUnsignedInt(bc.getShort(pc + 2));
            boolean yes = true;
            switch (code) {
                case Kernel.INET_DIAG_BC_NOP:
                    break;
                case Kernel.INET_DIAG_BC_JMP:
                    yes = false;
                    break;
                case Kernel.INET_DIAG_BC_S_EQ:
                    // yes = entry->sport == op[1].no;
                    yes = entry.sport() == Short.toUnsignedInt(bc.getShort(pc + OP_SIZE + 2));
                    break;
                case Kernel.INET_DIAG_BC_D_EQ:
                    yes = entry.dport() == Short.toUnsignedInt(bc.getShort(pc + OP_SIZE + 2));
                    break;
                case Kernel.INET_DIAG_BC_S_COND:
                case Kernel.INET_DIAG_BC_D_COND:
                    yes = hostcond(bc, pc, code == Kernel.INET_DIAG_BC_S_COND, entry);
                    break;
                default:
                    throw new UnsupportedOperationException("op code " + code + " is not modelled");
            }
            int step = yes ? yesStep : noStep;
            if (step == 0) {
                throw new AssertionError("op at " + pc + " steps 0 bytes: the kernel would loop forever");
            }
            len -= step;
            pc += step;
        }
        return len == 0;
    }

    private static boolean hostcond(ByteBuffer bc, int pc, boolean source, Entry entry) {
        // cond = (const struct inet_diag_hostcond *)(op + 1);
        int cond = pc + OP_SIZE;
        int family = Byte.toUnsignedInt(bc.get(cond));
        int prefixLength = Byte.toUnsignedInt(bc.get(cond + 1));
        int port = bc.getInt(cond + 4);
        byte[] condAddr = new byte[16];
        int addrBytes = Math.min(16, bc.limit() - (cond + HOSTCOND_SIZE));
        bc.get(cond + HOSTCOND_SIZE, condAddr, 0, addrBytes);

        // if (cond->port != -1 && cond->port != (op->code == INET_DIAG_BC_S_COND ? entry->sport : entry->dport))
        if (port != -1 && port != (source ? entry.sport() : entry.dport())) {
            return false;
        }
        byte[] addr = source ? entry.saddr() : entry.daddr();
        if (family != AF_UNSPEC && family != entry.family()) {
            if (entry.family() == Kernel.AF_INET6 && family == Kernel.AF_INET) {
                // addr[0] == 0 && addr[1] == 0 && addr[2] == htonl(0xffff) && bitstring_match(addr + 3, ...)
                boolean mapped = true;
                for (int i = 0; i < 10; i++) {
                    mapped &= addr[i] == 0;
                }
                mapped &= addr[10] == (byte) 0xff && addr[11] == (byte) 0xff;
                if (mapped && bitstringMatch(addr, 12, condAddr, prefixLength)) {
                    return true;
                }
            }
            return false;
        }
        if (prefixLength == 0) {
            return true;
        }
        return bitstringMatch(addr, 0, condAddr, prefixLength);
    }

    /** {@code bitstring_match}: whole 32-bit words by memcmp, then the masked remainder of the next word. */
    private static boolean bitstringMatch(byte[] a1, int from, byte[] a2, int bits) {
        int words = bits >> 5;
        bits &= 0x1f;
        if (words > 0 && !Arrays.equals(a1, from, from + 4 * words, a2, 0, 4 * words)) {
            return false;
        }
        if (bits > 0) {
            int w1 = ByteBuffer.wrap(a1, from + 4 * words, 4).getInt(); // network order, as htonl'd
            int w2 = ByteBuffer.wrap(a2, 4 * words, 4).getInt();
            int mask = 0xffff_ffff << (32 - bits);
            return ((w1 ^ w2) & mask) == 0;
        }
        return true;
    }

    /**
     * {@code inet_diag_bc_audit}: null when the kernel accepts the program, else why it answers EINVAL.
     */
    public static String audit(byte[] bytecode) {
        ByteBuffer bc = ByteBuffer.wrap(bytecode).order(ByteOrder.nativeOrder());
        // if (!attr || nla_len(attr) < sizeof(struct inet_diag_bc_op)) return -EINVAL;
        if (bytecode.length < OP_SIZE) {
            return "shorter than one op";
        }
        int pc = 0;
        int len = bytecode.length;
        while (len > 0) {
            if (len < OP_SIZE) {
                return "op at " + pc + " is cut short";
            }
            int code = Byte.toUnsignedInt(bc.get(pc));
            int yes = Byte.toUnsignedInt(bc.get(pc + 1));
            int no = Short.toUnsignedInt(bc.getShort(pc + 2));
            int minLen = OP_SIZE;
            switch (code) {
                case Kernel.INET_DIAG_BC_S_COND:
                case Kernel.INET_DIAG_BC_D_COND: {
                    // valid_hostcond()
                    minLen += HOSTCOND_SIZE;
                    if (len < minLen) {
                        return "hostcond at " + pc + " is cut short";
                    }
                    int family = Byte.toUnsignedInt(bc.get(pc + OP_SIZE));
                    int addrLen;
                    if (family == AF_UNSPEC) {
                        addrLen = 0;
                    } else if (family == Kernel.AF_INET) {
                        addrLen = 4;
                    } else if (family == Kernel.AF_INET6) {
                        addrLen = 16;
                    } else {
                        return "hostcond at " + pc + " has family " + family;
                    }
                    minLen += addrLen;
                    if (len < minLen) {
                        return "hostcond address at " + pc + " is cut short";
                    }
                    if (Byte.toUnsignedInt(bc.get(pc + OP_SIZE + 1)) > 8 * addrLen) {
                        return "hostcond at " + pc + " has a prefix longer than its address";
                    }
                    break;
                }
                case Kernel.INET_DIAG_BC_S_EQ:
                case Kernel.INET_DIAG_BC_D_EQ:
                    // valid_port_comparison(): the port lives in a follow-on op
                    minLen += OP_SIZE;
                    if (len < minLen) {
                        return "port comparison at " + pc + " lacks its port op";
                    }
                    break;
                case Kernel.INET_DIAG_BC_JMP:
                case Kernel.INET_DIAG_BC_NOP:
                    break;
                default:
                    return "op code " + code + " at " + pc;
            }
            if (code != Kernel.INET_DIAG_BC_NOP) {
                // if (op->no < min_len || op->no > len + 4 || op->no & 3) return -EINVAL;
                if (no < minLen || no > len + 4 || (no & 3) != 0) {
                    return "op at " + pc + ": no=" + no + " (min " + minLen + ", len " + len + ")";
                }
                // if (op->no < len && !valid_cc(bytecode, bytecode_len, len - op->no)) return -EINVAL;
                if (no < len && !validCc(bc, bytecode.length, len - no)) {
                    return "op at " + pc + ": no=" + no + " lands inside an op";
                }
            }
            // if (op->yes < min_len || op->yes > len + 4 || op->yes & 3) return -EINVAL;
            if (yes < minLen || yes > len + 4 || (yes & 3) != 0) {
                return "op at " + pc + ": yes=" + yes + " (min " + minLen + ", len " + len + ")";
            }
            pc += yes;
            len -= yes;
        }
        return len == 0 ? null : "the last op steps past the end";
    }

    /** {@code valid_cc}: does a jump leaving {@code cc} bytes land on an op boundary? */
    private static boolean validCc(ByteBuffer bc, int len, int cc) {
        int pc = 0;
        while (len >= 0) {
            if (cc > len) {
                return false;
            }
            if (cc == len) {
                return true;
            }
            int yes = Byte.toUnsignedInt(bc.get(pc + 1));
            if (yes < 4 || (yes & 3) != 0) {
                return false;
            }
            len -= yes;
            pc += yes;
        }
        return false;
    }
}
