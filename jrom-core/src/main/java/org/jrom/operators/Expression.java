package org.jrom.operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;

/**
 * A coefficient {@code theta(mu)} given as an arithmetic expression in the parameter components,
 * parsed once into a tree that is evaluated without allocation. Grammar (docs/formats.md):
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary)*
 * unary   := ('-' | '+') unary | power
 * power   := primary ('^' unary)?                 right-associative: 2^3^2 = 2^(3^2)
 * primary := number | name | name '[' index ']' | function '(' expr (',' expr)* ')' | '(' expr ')'
 * </pre>
 *
 * <p>so {@code -x^2 = -(x^2)} and {@code 2^-1 = 0.5}. Transcendental functions use {@link
 * StrictMath}, so a model gives the same answers on every machine.
 */
final class Expression implements ParameterFunctional {
    /** Deepest nesting accepted; keeps parsing and evaluation far from the thread's stack limit. */
    static final int MAX_DEPTH = 200;

    private final Node root;
    private final String text;

    private Expression(Node root) {
        this.root = root;
        StringBuilder sb = new StringBuilder();
        root.write(sb);
        this.text = sb.toString();
    }

    static Expression constant(double c) {
        return new Expression(new Num(c));
    }

    static Expression component(int flat, String name) {
        return new Expression(new Component(flat, name));
    }

    static Expression parse(ParameterType type, String text) {
        return new Expression(new Parser(type, text).parse());
    }

    @Override
    public double evaluate(Parameter mu) {
        return root.evaluate(mu);
    }

    /** The canonical text: fewest parentheses that keep the tree, numbers as {@link Double#toString}. */
    @Override
    public String describe() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    // Binding strengths, loosest first; a child printed inside a parent that binds tighter gets
    // parentheses.
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    /** A node of the expression tree. */
    private sealed interface Node permits Num, Component, Neg, Binary, Call {
        double evaluate(Parameter mu);

        int precedence();

        int depth();

        void write(StringBuilder sb);

        /** Writes this node, in parentheses unless it binds at least as tightly as {@code min}. */
        default void write(StringBuilder sb, int min) {
            if (precedence() < min) {
                sb.append('(');
                write(sb);
                sb.append(')');
            } else {
                write(sb);
            }
        }
    }

    private record Num(double value) implements Node {
        @Override
        public double evaluate(Parameter mu) {
            return value;
        }

        @Override
        public int precedence() {
            // "-2.0" reads back as a negation, so it binds like one (sign bit: -0.0 too)
            return Double.doubleToRawLongBits(value) < 0 ? UNARY : ATOM;
        }

        @Override
        public int depth() {
            return 1;
        }

        @Override
        public void write(StringBuilder sb) {
            sb.append(value);
        }
    }

    private record Component(int flat, String name) implements Node {
        @Override
        public double evaluate(Parameter mu) {
            return mu.get(flat);
        }

        @Override
        public int precedence() {
            return ATOM;
        }

        @Override
        public int depth() {
            return 1;
        }

        @Override
        public void write(StringBuilder sb) {
            sb.append(name);
        }
    }

    private record Neg(Node operand, int depth) implements Node {
        Neg(Node operand) {
            this(operand, operand.depth() + 1);
        }

        @Override
        public double evaluate(Parameter mu) {
            return -operand.evaluate(mu);
        }

        @Override
        public int precedence() {
            return UNARY;
        }

        @Override
        public void write(StringBuilder sb) {
            sb.append('-');
            operand.write(sb, UNARY);
        }
    }

    private enum Op {
        ADD('+', SUM),
        SUBTRACT('-', SUM),
        MULTIPLY('*', PRODUCT),
        DIVIDE('/', PRODUCT),
        POWER('^', Expression.POWER);

        final char symbol;
        final int precedence;

        Op(char symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }
    }

    private record Binary(Op op, Node left, Node right, int depth) implements Node {
        Binary(Op op, Node left, Node right) {
            this(op, left, right, Math.max(left.depth(), right.depth()) + 1);
        }

        @Override
        public double evaluate(Parameter mu) {
            double a = left.evaluate(mu);
            double b = right.evaluate(mu);
            return switch (op) {
                case ADD -> a + b;
                case SUBTRACT -> a - b;
                case MULTIPLY -> a * b;
                case DIVIDE -> a / b;
                case POWER -> StrictMath.pow(a, b);
            };
        }

        @Override
        public int precedence() {
            return op.precedence;
        }

        @Override
        public void write(StringBuilder sb) {
            if (op == Op.POWER) {
                // base: an atom (x^y^z is x^(y^z), -x^2 is -(x^2)); exponent: anything a unary may be
                left.write(sb, ATOM);
                sb.append('^');
                right.write(sb, UNARY);
            } else {
                // left-associative: a right operand of the same strength keeps its parentheses, since
                // a - (b - c) differs from (a - b) - c, and floating-point a + (b + c) from (a + b) + c
                left.write(sb, op.precedence);
                sb.append(' ').append(op.symbol).append(' ');
                right.write(sb, op.precedence + 1);
            }
        }
    }

    private enum Function {
        EXP(1),
        LOG(1),
        SQRT(1),
        SIN(1),
        COS(1),
        ABS(1),
        MIN(-1),
        MAX(-1);

        /** Required argument count, or -1 for one or more. */
        final int arity;

        Function(int arity) {
            this.arity = arity;
        }

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Function named(String name) {
            for (Function f : values()) {
                if (f.text().equals(name)) {
                    return f;
                }
            }
            return null;
        }

        static String known() {
            return Arrays.stream(values()).map(Function::text).collect(Collectors.joining(", "));
        }
    }

    private record Call(Function function, Node[] args, int depth) implements Node {
        Call(Function function, Node[] args) {
            this(function, args, Arrays.stream(args).mapToInt(Node::depth).max().orElse(0) + 1);
        }

        @Override
        public double evaluate(Parameter mu) {
            double v = args[0].evaluate(mu);
            switch (function) {
                case EXP:
                    return StrictMath.exp(v);
                case LOG:
                    return StrictMath.log(v);
                case SQRT:
                    return StrictMath.sqrt(v);
                case SIN:
                    return StrictMath.sin(v);
                case COS:
                    return StrictMath.cos(v);
                case ABS:
                    return Math.abs(v);
                case MIN:
                    for (int i = 1; i < args.length; i++) {
                        v = Math.min(v, args[i].evaluate(mu));
                    }
                    return v;
                case MAX:
                    for (int i = 1; i < args.length; i++) {
                        v = Math.max(v, args[i].evaluate(mu));
                    }
                    return v;
                default:
                    throw new AssertionError(function);
            }
        }

        @Override
        public int precedence() {
            return ATOM;
        }

        @Override
        public void write(StringBuilder sb) {
            sb.append(function.text()).append('(');
            for (int i = 0; i < args.length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                args[i].write(sb);
            }
            sb.append(')');
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Call c && c.function == function && Arrays.equals(c.args, args);
        }

        @Override
        public int hashCode() {
            return 31 * function.hashCode() + Arrays.hashCode(args);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            write(sb);
            return sb.toString();
        }
    }

    /** Recursive descent over the grammar above; positions in errors are 1-based. */
    private static final class Parser {
        private final ParameterType type;
        private final String s;
        private int pos;
        private int nesting;

        Parser(ParameterType type, String text) {
            this.type = type;
            this.s = text;
        }

        Node parse() {
            Node n = sum();
            skipSpace();
            if (pos < s.length()) {
                throw error(pos, "expected an operator (+ - * / ^) or the end, found " + found());
            }
            return n;
        }

        private Node sum() {
            Node left = product();
            while (true) {
                skipSpace();
                int at = pos;
                if (accept('+')) {
                    left = checked(new Binary(Op.ADD, left, product()), at);
                } else if (accept('-')) {
                    left = checked(new Binary(Op.SUBTRACT, left, product()), at);
                } else {
                    return left;
                }
            }
        }

        private Node product() {
            Node left = unary();
            while (true) {
                skipSpace();
                int at = pos;
                if (accept('*')) {
                    left = checked(new Binary(Op.MULTIPLY, left, unary()), at);
                } else if (accept('/')) {
                    left = checked(new Binary(Op.DIVIDE, left, unary()), at);
                } else {
                    return left;
                }
            }
        }

        private Node unary() {
            skipSpace();
            int at = pos;
            if (accept('-')) {
                enter(at);
                Node operand = unary();
                nesting--;
                return checked(new Neg(operand), at);
            }
            if (accept('+')) {
                enter(at);
                Node operand = unary();
                nesting--;
                return operand;
            }
            Node base = primary();
            skipSpace();
            at = pos;
            if (accept('^')) {
                enter(at);
                Node exponent = unary();
                nesting--;
                return checked(new Binary(Op.POWER, base, exponent), at);
            }
            return base;
        }

        private Node primary() {
            skipSpace();
            int at = pos;
            if (pos >= s.length()) {
                throw error(at, "expected a number, a name or '(', found the end");
            }
            char c = s.charAt(pos);
            if (isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                return name();
            }
            if (accept('(')) {
                enter(at);
                Node inner = sum();
                nesting--;
                expect(')', "to close the '(' at position " + (at + 1));
                return inner;
            }
            throw error(at, "expected a number, a name or '(', found " + found());
        }

        /** digits [. digits] [e [+-] digits], or . digits [...]: the forms of Double.parseDouble. */
        private Node number() {
            int start = pos;
            int digits = skipDigits();
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                digits += skipDigits();
            }
            if (digits == 0) {
                throw error(start, "expected a number, a name or '(', found '.'");
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (skipDigits() == 0) {
                    throw error(
                            pos,
                            "the exponent of number '" + s.substring(start, pos) + "' needs digits, found " + found());
                }
            }
            String literal = s.substring(start, pos);
            double v = Double.parseDouble(literal);
            if (Double.isInfinite(v)) {
                throw error(start, "number " + literal + " is too large for a double (max " + Double.MAX_VALUE + ")");
            }
            return new Num(v);
        }

        private Node name() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String name = s.substring(start, pos);
            skipSpace();
            boolean isParameter = type.sizes().containsKey(name);
            if (pos < s.length() && s.charAt(pos) == '(') {
                if (isParameter) {
                    throw error(
                            pos, "'" + name + "' is a parameter, not a function; index a component as " + name + "[0]");
                }
                return call(name, start);
            }
            if (!isParameter) {
                if (Function.named(name) != null) {
                    throw error(start, "function '" + name + "' needs its arguments in parentheses: " + name + "(...)");
                }
                String known = type.names().isEmpty() ? "this coefficient may use no parameters" : "known: " + type;
                throw error(start, "unknown parameter '" + name + "'; " + known);
            }
            int size = type.size(name);
            int index = 0;
            if (accept('[')) {
                skipSpace();
                int at = pos;
                int digits = skipDigits();
                if (digits == 0) {
                    throw error(at, "expected an index (0 to " + (size - 1) + ") of '" + name + "', found " + found());
                }
                String literal = s.substring(at, pos);
                index = digits > 9 ? Integer.MAX_VALUE : Integer.parseInt(literal);
                if (index >= size) {
                    throw error(
                            at,
                            "index " + literal + " out of range: '" + name + "' has size " + size + " (indices 0 to "
                                    + (size - 1) + ")");
                }
                expect(']', "after the index of '" + name + "'");
            } else if (size > 1) {
                throw error(
                        start,
                        "'" + name + "' has " + size + " components and needs an index: " + name + "[0] to " + name
                                + "[" + (size - 1) + "]");
            }
            int flat = type.offset(name) + index;
            return new Component(flat, type.componentName(flat));
        }

        private Node call(String name, int start) {
            Function f = Function.named(name);
            if (f == null) {
                throw error(start, "unknown function '" + name + "'; known functions: " + Function.known());
            }
            enter(start);
            accept('(');
            List<Node> args = new ArrayList<>();
            do {
                args.add(sum());
                skipSpace();
            } while (accept(','));
            expect(')', "to close the arguments of " + name + "(");
            nesting--;
            if (f.arity > 0 && args.size() != f.arity) {
                throw error(
                        start,
                        name + "() takes " + f.arity + " argument" + (f.arity > 1 ? "s" : "") + ", found "
                                + args.size());
            }
            return checked(new Call(f, args.toArray(Node[]::new)), start);
        }

        private void enter(int at) {
            if (++nesting > MAX_DEPTH) {
                throw error(at, "nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        private Node checked(Node n, int at) {
            if (n.depth() > MAX_DEPTH) {
                throw error(at, "nested deeper than " + MAX_DEPTH + " levels");
            }
            return n;
        }

        private void expect(char c, String why) {
            skipSpace();
            if (!accept(c)) {
                throw error(pos, "expected '" + c + "' " + why + ", found " + found());
            }
        }

        private boolean accept(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private int skipDigits() {
            int start = pos;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
            return pos - start;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private String found() {
            return pos >= s.length() ? "the end" : "'" + s.charAt(pos) + "'";
        }

        private ExpressionException error(int at, String message) {
            return new ExpressionException(s, at + 1, message);
        }
    }
}
