import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step: rewrites the pre-Java-6 class files of a jar as Java 8 class files with stack-map
 * frames, and proves the result by loading and verifying every class.
 *
 * Why: picocli ships Java 5 class files. The JVM cannot put those in a class-data-sharing archive
 * ("Pre JDK 6 class not supported by CDS") and must verify them with the old inference verifier
 * on every start; rewritten, they are archived like the rest and sockkill starts some 30 ms sooner.
 * The bytecode itself is unchanged; only the class-file version and the frames are new.
 *
 * Usage: java -cp asm.jar scripts/RetargetForCds.java IN.jar OUT.jar
 */
public final class RetargetForCds {
    private RetargetForCds() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<String> classes = new ArrayList<>();
        int rewritten = 0;
        try (URLClassLoader original = new URLClassLoader(new URL[] {in.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
                JarInputStream jar = new JarInputStream(new FileInputStream(in.toFile()));
                JarOutputStream result = new JarOutputStream(new FileOutputStream(out.toFile()), jar.getManifest())) {
            JarEntry entry;
            while ((entry = jar.getNextJarEntry()) != null) {
                byte[] bytes = jar.readAllBytes();
                String name = entry.getName();
                boolean plainClass = name.endsWith(".class") && !name.startsWith("META-INF/")
                        && !name.endsWith("module-info.class");
                if (plainClass) {
                    classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    if (majorVersion(bytes) < Opcodes.V1_6) {
                        bytes = retarget(bytes, original);
                        rewritten++;
                    }
                }
                result.putNextEntry(new JarEntry(name));
                result.write(bytes);
                result.closeEntry();
            }
        }
        verify(out, classes);
        System.out.println("retarget: " + rewritten + " of " + classes.size() + " classes of " + in.getFileName()
                + " rewritten as Java 8 class files, all verified");
    }

    private static int majorVersion(byte[] classFile) {
        return (classFile[6] & 0xff) << 8 | (classFile[7] & 0xff);
    }

    /** {@code types} resolves the jar's own classes, which frame computation must merge. */
    private static byte[] retarget(byte[] classFile, ClassLoader types) {
        ClassReader reader = new ClassReader(classFile);
        // No reader passed to the writer: every method is rewritten, so every method gets frames.
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Loads, links and so verifies each class in a fresh loader; a bad frame fails the build here, not at run time. */
    private static void verify(Path jar, List<String> classes) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String name : classes) {
                try {
                    Class.forName(name, true, loader);
                } catch (VerifyError | ClassFormatError e) {
                    throw new IllegalStateException(name + " does not verify after rewriting: " + e, e);
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class that needs an optional dependency: it was not verified, and it is not used
                    System.out.println("retarget: " + name + " not loadable here (" + e + ")");
                }
            }
        }
    }
}
