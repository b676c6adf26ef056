package sockkill.core;

/** A {@link Problem} that comes with the diagnosis behind it: what the process was found blocked on. */
public class DiagnosisProblem extends Problem {
    private static final long serialVersionUID = 1L;

    private final transient Diagnosis diagnosis;

    public DiagnosisProblem(Kind kind, String message, Diagnosis diagnosis) {
        super(kind, message);
        this.diagnosis = diagnosis;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }
}
