// The start-up yardstick for `make bench`: a plain Java hello world, run with default JVM flags.
public class Hello {
    public static void main(String[] args) {
        System.out.println("Hello, world");
    }
}
