import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import sockkill.cli.Cli;

/**
 * Build step: writes sockkill's man page (troff) and its bash and zsh completion from the picocli
 * model the program itself runs, so that none of them can disagree with the options.
 *
 * Every command comes from {@code Cli.create} with no arguments (which builds all of them; on a
 * real command line only the one named is built). Aliases come from each command's spec, so
 * {@code -} (batch) is completed without being a separate command.
 *
 * Usage: java -cp sockkill.jar:lib/* scripts/GenerateDocs.java TEMPLATE.8.in OUTDIR VERSION
 * The template holds the written sections; @SYNOPSIS@, @COMMANDS@, @OPTIONS@, @EXIT_STATUS@ and
 * @VERSION@ are replaced with what the model says.
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    /** What a parameter's value is, by its label: the completion for it. */
    enum ValueKind {
        PID, PID_OR_PATH, FD_KEYWORD, FD_OF_PID, PATH, CHOICES, COMMAND, NONE
    }

    /** Every command's names: what 'sockkill help' completes. */
    static final List<String> COMMAND_WORDS = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Path template = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String version = args[2];
        CommandLine root = Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<CommandSpec> commands = commands(root);
        if (commands.isEmpty()) {
            throw new IllegalStateException("the model has no subcommands: Cli.create() no longer builds them all");
        }
        for (CommandSpec c : commands) {
            COMMAND_WORDS.addAll(names(c));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("sockkill.8"), manPage(Files.readString(template), root.getCommandSpec(),
                commands, version), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("sockkill.bash"), bash(root.getCommandSpec(), commands), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("_sockkill"), zsh(root.getCommandSpec(), commands), StandardCharsets.UTF_8);
        System.out.println("docs: man page and bash/zsh completion for " + commands.size() + " commands in " + out);
    }

    /** Each subcommand once (the map holds aliases as keys too), hidden ones left out. */
    static List<CommandSpec> commands(CommandLine root) {
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        List<CommandSpec> result = new ArrayList<>();
        for (CommandLine c : root.getSubcommands().values()) {
            if (seen.put(c, true) == null && !c.getCommandSpec().usageMessage().hidden()) {
                result.add(c.getCommandSpec());
            }
        }
        return result;
    }

    /** The options a subcommand documents itself: not --help/--version (global) nor inherited ones. */
    static List<OptionSpec> ownOptions(CommandSpec spec) {
        List<OptionSpec> result = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden() && !o.inherited() && !o.usageHelp() && !o.versionHelp()) {
                result.add(o);
            }
        }
        return result;
    }

    static List<OptionSpec> globalOptions(CommandSpec root) {
        List<OptionSpec> result = new ArrayList<>();
        for (OptionSpec o : root.options()) {
            if (!o.hidden()) {
                result.add(o);
            }
        }
        return result;
    }

    static List<PositionalParamSpec> positionals(CommandSpec spec) {
        List<PositionalParamSpec> result = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                result.add(p);
            }
        }
        return result;
    }

    static List<String> names(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        names.add(spec.name());
        names.addAll(List.of(spec.aliases()));
        return names;
    }

    static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0 && !o.typeInfo().isBoolean();
    }

    static List<String> choices(ArgSpec a) {
        List<String> result = new ArrayList<>();
        if (a.completionCandidates() != null) {
            // enum values are accepted in any case (Cli sets it): offer them as a user types them
            boolean isEnum = a.typeInfo().isEnum();
            a.completionCandidates().forEach(c -> result.add(isEnum ? c.toLowerCase(java.util.Locale.ROOT) : c));
        }
        return result;
    }

    static ValueKind kind(ArgSpec a) {
        if (!choices(a).isEmpty()) {
            return ValueKind.CHOICES;
        }
        String label = a.paramLabel().replaceAll("[<>]", "");
        return switch (label) {
            case "P", "PID" -> ValueKind.PID;
            case "PID|PATH" -> ValueKind.PID_OR_PATH;
            case "fd" -> ValueKind.FD_KEYWORD;
            case "F" -> ValueKind.FD_OF_PID;
            case "PATH", "FILE" -> ValueKind.PATH;
            case "COMMAND" -> ValueKind.COMMAND;
            default -> ValueKind.NONE;
        };
    }

    /** A description's lines, variables such as ${DEFAULT-VALUE} rendered by picocli. */
    static List<String> description(String[] lines) {
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            result.add(line.replace("%n", "\n"));
        }
        return result;
    }

    /** Up to the first full stop that ends a sentence (not that of "e.g."). */
    static String firstSentence(String text) {
        Matcher end = Pattern.compile("(?<!e\\.g|i\\.e)\\.(\\s+[A-Z]|$)").matcher(text.strip());
        return end.find() ? text.strip().substring(0, end.start()) : text.strip();
    }

    // ---------------------------------------------------------------------------------------------
    // troff

    /** Text for troff: backslashes and minus signs escaped, no line starting with a control character. */
    static String roff(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                b.append("\\&");
            }
            b.append(line);
        }
        return b.toString();
    }

    static String optionHeading(OptionSpec o) {
        StringBuilder b = new StringBuilder();
        for (String n : o.names()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append("\\fB").append(roff(n)).append("\\fR");
        }
        if (takesValue(o)) {
            b.append("=\\fI").append(roff(o.paramLabel())).append("\\fR");
        }
        return b.toString();
    }

    static String argText(ArgSpec a) {
        String text = String.join(" ", description(a.description()));
        String dv = a.defaultValue();
        if (dv != null && !dv.isEmpty() && !text.contains("Default:") && !(a.typeInfo().isBoolean())) {
            text = text + " Default: " + dv + ".";
        }
        List<String> choices = choices(a);
        if (!choices.isEmpty() && a.typeInfo().isEnum() && !text.contains(choices.get(0))) {
            text = text + " One of: " + String.join(", ", choices) + ".";
        }
        return text;
    }

    /** Description lines: "  example   text" lines become a literal block, the others paragraphs. */
    static void paragraphs(StringBuilder b, List<String> lines) {
        boolean literal = false;
        for (String line : lines) {
            for (String l : line.split("\n", -1)) {
                boolean example = l.startsWith("  ");
                if (example && !literal) {
                    b.append(".PP\n.RS 4\n.nf\n");
                    literal = true;
                } else if (!example && literal) {
                    b.append(".fi\n.RE\n");
                    literal = false;
                }
                if (l.isBlank()) {
                    continue;
                }
                if (!example) {
                    b.append(".PP\n");
                }
                b.append(roff(example ? l.strip() : l)).append('\n');
            }
        }
        if (literal) {
            b.append(".fi\n.RE\n");
        }
    }

    /** A command's synopsis, one line per form (pid has two: with and without fd F). */
    static List<String> synopses(CommandSpec spec) {
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        List<String> lines = new ArrayList<>();
        for (String form : help.synopsis(0).split("\\R")) {
            String line = form.strip().replaceAll("\\s+", " ");
            line = line.startsWith("Usage: ") ? line.substring("Usage: ".length()) : line;
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    static String manPage(String template, CommandSpec root, List<CommandSpec> commands, String version) {
        root.usageMessage().width(1000);
        StringBuilder synopsis = new StringBuilder();
        StringBuilder commandText = new StringBuilder();
        for (CommandSpec c : commands) {
            c.usageMessage().width(1000);
            List<String> forms = synopses(c);
            for (String form : forms) {
                synopsis.append(".PP\n").append(roff(form)).append('\n');
            }

            String heading = "sockkill " + String.join(", ", names(c));
            commandText.append(".SS \"").append(roff(heading)).append("\"\n");
            for (String form : forms) {
                commandText.append(".B ").append(roff(form)).append("\n.br\n");
            }
            paragraphs(commandText, description(c.usageMessage().description()));
            for (PositionalParamSpec p : positionals(c)) {
                commandText.append(".TP\n\\fI").append(roff(p.paramLabel())).append("\\fR\n")
                        .append(roff(argText(p))).append('\n');
            }
            for (OptionSpec o : ownOptions(c)) {
                commandText.append(".TP\n").append(optionHeading(o)).append('\n').append(roff(argText(o))).append('\n');
            }
        }
        StringBuilder options = new StringBuilder();
        for (OptionSpec o : globalOptions(root)) {
            options.append(".TP\n").append(optionHeading(o)).append('\n').append(roff(argText(o))).append('\n');
        }
        StringBuilder exit = new StringBuilder();
        Pattern code = Pattern.compile("^\\s+(\\d+)\\s+(.*)$");
        for (String line : description(root.usageMessage().footer())) {
            for (String l : line.split("\n")) {
                Matcher m = code.matcher(l);
                if (m.matches()) {
                    exit.append(".TP\n.B ").append(m.group(1)).append('\n').append(roff(m.group(2))).append('\n');
                }
            }
        }
        if (exit.length() == 0) {
            throw new IllegalStateException("no exit codes found in the footer of sockkill --help");
        }
        return template.replace("@VERSION@", version)
                .replace("@SYNOPSIS@\n", synopsis.toString())
                .replace("@COMMANDS@\n", commandText.toString())
                .replace("@OPTIONS@\n", options.toString())
                .replace("@EXIT_STATUS@\n", exit.toString());
    }

    // ---------------------------------------------------------------------------------------------
    // bash

    static String words(List<String> words) {
        return String.join(" ", words);
    }

    static List<String> optionNames(List<OptionSpec> options) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : options) {
            names.addAll(List.of(o.names()));
        }
        return names;
    }

    static String bashValues(ArgSpec a, String indent) {
        return switch (kind(a)) {
            case CHOICES -> indent + "_sockkill_words '" + words(choices(a)) + "'\n";
            case PID -> indent + "_sockkill_pids\n";
            case PID_OR_PATH -> indent + "_sockkill_pids; _sockkill_files\n";
            case FD_KEYWORD -> indent + "_sockkill_words fd\n";
            case FD_OF_PID -> indent + "_sockkill_fds \"${args[0]}\"\n";
            case PATH -> indent + "_sockkill_files\n";
            case COMMAND -> indent + "_sockkill_words '" + words(COMMAND_WORDS) + "'\n";
            case NONE -> "";
        };
    }

    static String bash(CommandSpec root, List<CommandSpec> commands) {
        List<String> commandNames = new ArrayList<>();
        for (CommandSpec c : commands) {
            commandNames.addAll(names(c));
        }
        List<OptionSpec> global = globalOptions(root);
        StringBuilder b = new StringBuilder();
        b.append("# bash completion for sockkill(8); generated from its command model by scripts/GenerateDocs.java.\n")
                .append("# Completes commands, options, their values (states, modes), and for pid P fd F the running\n")
                .append("# processes and their fds.\n\n")
                .append("_sockkill_words() { COMPREPLY+=($(compgen -W \"$1\" -- \"$cur\")); }\n")
                .append("_sockkill_pids() { local p=(/proc/[0-9]*); COMPREPLY+=($(compgen -W \"${p[*]#/proc/}\" -- \"$cur\")); }\n")
                .append("_sockkill_fds() {\n")
                .append("    [[ $1 =~ ^[0-9]+$ ]] || return 0\n")
                .append("    local f=(/proc/$1/fd/[0-9]*)\n")
                .append("    [ -e \"${f[0]}\" ] && COMPREPLY+=($(compgen -W \"${f[*]##*/}\" -- \"$cur\"))\n")
                .append("}\n")
                .append("_sockkill_files() { compopt -o filenames 2>/dev/null; COMPREPLY+=($(compgen -f -- \"$cur\")); }\n\n")
                .append("_sockkill() {\n")
                .append("    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} i j=0 cmd=\"\" args=()\n")
                .append("    COMPREPLY=()\n")
                .append("    # --option=value: bash splits it at the '='\n")
                .append("    if [ \"$cur\" = = ]; then cur=\"\"; elif [ \"$prev\" = = ]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi\n")
                .append("    for ((i = 1; i < COMP_CWORD; i++)); do\n")
                .append("        case ${COMP_WORDS[i]} in\n")
                .append("            -) cmd=- ;;\n")
                .append("            -*) continue ;;\n")
                .append("            *) cmd=${COMP_WORDS[i]} ;;\n")
                .append("        esac\n")
                .append("        break\n")
                .append("    done\n")
                .append("    case $cmd in\n")
                .append("        \"\")\n")
                .append("            if [[ $cur == -?* ]]; then _sockkill_words '").append(words(optionNames(global)))
                .append("'; else _sockkill_words '").append(words(commandNames)).append("'; fi\n")
                .append("            return 0 ;;\n");
        for (CommandSpec c : commands) {
            List<OptionSpec> options = new ArrayList<>(ownOptions(c));
            for (OptionSpec o : c.options()) {
                if (!o.hidden() && (o.inherited() || o.usageHelp() || o.versionHelp())) {
                    options.add(o);
                }
            }
            List<String> withValue = new ArrayList<>();
            StringBuilder values = new StringBuilder();
            for (OptionSpec o : options) {
                if (takesValue(o)) {
                    withValue.addAll(List.of(o.names()));
                    String v = bashValues(o, "                    ");
                    values.append("                ").append(String.join("|", o.names())).append(")\n")
                            .append(v.isEmpty() ? "                    :\n" : v)
                            .append("                    return 0 ;;\n");
                }
            }
            b.append("        ").append(String.join("|", names(c)))
                    .append(")\n");
            if (values.length() > 0) {
                b.append("            case $prev in\n").append(values).append("            esac\n");
            }
            b.append("            if [[ $cur == -* ]]; then _sockkill_words '").append(words(optionNames(options)))
                    .append("'; return 0; fi\n");
            // the positional words so far, option values skipped
            b.append("            for ((j = i + 1; j < COMP_CWORD; j++)); do\n")
                    .append("                case ${COMP_WORDS[j]} in\n");
            if (!withValue.isEmpty()) {
                b.append("                    ").append(String.join("|", withValue))
                        .append(") [ \"${COMP_WORDS[j+1]}\" = = ] && ((j++)); ((j++)) ;;\n");
            }
            b.append("                    =) ((j++)) ;;\n")
                    .append("                    -?*) ;;\n")
                    .append("                    *) args+=(\"${COMP_WORDS[j]}\") ;;\n")
                    .append("                esac\n")
                    .append("            done\n");
            StringBuilder byPosition = new StringBuilder();
            for (PositionalParamSpec p : positionals(c)) {
                String v = bashValues(p, "                    ");
                if (!v.isEmpty() && (p.index().min() == p.index().max() || kind(p) == ValueKind.COMMAND)) {
                    byPosition.append("                ").append(p.index().min()).append(")\n").append(v)
                            .append("                    ;;\n");
                }
            }
            if (byPosition.length() > 0) {
                b.append("            case ${#args[@]} in\n").append(byPosition).append("            esac\n");
            }
            b.append("            return 0 ;;\n");
        }
        b.append("    esac\n}\ncomplete -F _sockkill sockkill\n");
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // zsh

    /** Text inside an _arguments spec or a _describe entry: free of the characters those use. */
    static String zq(String text) {
        return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:");
    }

    /** A shell word in single quotes. */
    static String sq(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static String zshAction(ArgSpec a) {
        return switch (kind(a)) {
            case CHOICES -> "(" + words(choices(a)) + ")";
            case PID -> "_sockkill_pids";
            case PID_OR_PATH -> "_alternative 'pids:process id:_sockkill_pids' 'files:path:_files'";
            case FD_KEYWORD -> "(fd)";
            case FD_OF_PID -> "_sockkill_fds";
            case PATH -> "_files";
            case COMMAND -> "(" + words(COMMAND_WORDS.stream().filter(w -> !w.equals("-")).toList()) + ")";
            case NONE -> " ";
        };
    }

    /** One _arguments spec per name of the option, the others excluded once it is given. */
    static List<String> zshOption(OptionSpec o) {
        String help = zq(firstSentence(String.join(" ", description(o.description()))));
        String exclusive = o.isMultiValue() ? "*" : o.names().length > 1 ? "(" + String.join(" ", o.names()) + ")" : "";
        List<String> specs = new ArrayList<>();
        for (String name : o.names()) {
            StringBuilder b = new StringBuilder(exclusive).append(name);
            if (takesValue(o)) {
                b.append(name.startsWith("--") ? "=" : "").append('[').append(help).append("]:")
                        .append(zq(o.paramLabel())).append(':').append(zshAction(o));
            } else {
                b.append('[').append(help).append(']');
            }
            specs.add(sq(b.toString()));
        }
        return specs;
    }

    static String zsh(CommandSpec root, List<CommandSpec> commands) {
        StringBuilder b = new StringBuilder();
        b.append("#compdef sockkill\n")
                .append("# zsh completion for sockkill(8); generated from its command model by scripts/GenerateDocs.java.\n\n")
                .append("_sockkill_pids() {\n    local -a pids\n    pids=(/proc/<->(N:t))\n")
                .append("    _wanted pids expl 'process id' compadd -a pids\n}\n\n")
                .append("_sockkill_fds() {\n    local -a fds\n    [[ $words[2] == <-> ]] && fds=(/proc/$words[2]/fd/<->(N:t))\n")
                .append("    _wanted fds expl 'file descriptor' compadd -a fds\n}\n\n")
                .append("_sockkill() {\n    local curcontext=$curcontext state line ret=1\n    local -a commands\n")
                .append("    commands=(\n");
        for (CommandSpec c : commands) {
            String help = zq(firstSentence(String.join(" ", description(c.usageMessage().description()))));
            for (String n : names(c)) {
                b.append("        ").append(sq((n.equals("-") ? "\\-" : zq(n)) + ":" + help)).append('\n');
            }
        }
        b.append("    )\n    _arguments -C \\\n");
        for (OptionSpec o : globalOptions(root)) {
            for (String spec : zshOption(o)) {
                b.append("        ").append(spec).append(" \\\n");
            }
        }
        b.append("        '1: :->command' \\\n        '*:: :->args' && ret=0\n")
                .append("    case $state in\n")
                .append("        command) _describe -t commands 'sockkill command' commands && ret=0 ;;\n")
                .append("        args)\n            case $words[1] in\n");
        for (CommandSpec c : commands) {
            b.append("                ").append(String.join("|", names(c))).append(")\n")
                    .append("                    _arguments \\\n");
            for (OptionSpec o : c.options()) {
                if (!o.hidden()) {
                    for (String spec : zshOption(o)) {
                        b.append("                        ").append(spec).append(" \\\n");
                    }
                }
            }
            for (PositionalParamSpec p : positionals(c)) {
                if (p.index().min() == p.index().max() || kind(p) == ValueKind.COMMAND) {
                    b.append("                        ").append(sq((p.index().min() + 1) + ":" + zq(p.paramLabel())
                            + ":" + zshAction(p))).append(" \\\n");
                }
            }
            b.append("                        && ret=0 ;;\n");
        }
        b.append("            esac ;;\n    esac\n    return ret\n}\n\n_sockkill \"$@\"\n");
        return b.toString();
    }
}
