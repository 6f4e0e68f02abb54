package org.entente.stix.pattern;

import static org.entente.stix.pattern.grammar.StixPatternParser.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.entente.stix.StixTimestamp;
import org.entente.stix.pattern.ComparisonExpression.Comparison;
import org.entente.stix.pattern.ComparisonExpression.Exists;
import org.entente.stix.pattern.Constant.BinaryConstant;
import org.entente.stix.pattern.Constant.BooleanConstant;
import org.entente.stix.pattern.Constant.FloatConstant;
import org.entente.stix.pattern.Constant.IntegerConstant;
import org.entente.stix.pattern.Constant.SetConstant;
import org.entente.stix.pattern.Constant.StringConstant;
import org.entente.stix.pattern.Constant.TimestampConstant;
import org.entente.stix.pattern.ObservationExpression.Qualifier;
import org.entente.stix.pattern.grammar.StixPatternLexer;
import org.entente.stix.pattern.grammar.StixPatternParser;

/**
 * Parses STIX 2.1 patterns (chapter 9) into a {@link Pattern} tree. Syntax follows our grammar
 * {@code StixPattern.g4}; on top of it the semantic rules of chapter 9 and section 2 are checked, each
 * failure reported as an {@link InvalidPatternException} at the position of the fault:
 * <ul>
 * <li>object type names (sections 2 and 11): 3–250 characters of a–z, 0–9 and '-', starting with a
 * letter, no "--"; property names containing '-' must be quoted (9.7);</li>
 * <li>strings allow only the escapes {@code \'} and {@code \\} (9.2); integers are within
 * ±(2<sup>53</sup>−1) (2.7); b'' is base64 (line feeds ignored), h'' an even number of 0-9a-f digits,
 * t'' a STIX timestamp (9.2);</li>
 * <li>operators take the constants they can compare: IN a set, and only IN; sets are non-empty and of one
 * constant type; LIKE/MATCHES/ISSUBSET/ISSUPERSET a string; ordering operators no booleans; MATCHES a
 * regular expression that compiles; ISSUBSET/ISSUPERSET an IP address or CIDR of the object's family on
 * the {@code value} of an address (9.6.1);</li>
 * <li>operands of AND inside brackets must be satisfiable by one object, so different object types are
 * joined with OR only (9.5);</li>
 * <li>qualifiers (9.5.1): WITHIN a positive number of seconds, REPEATS a positive integer, START before
 * STOP, and no two qualifiers of one kind on the same observation expression.</li>
 * </ul>
 * Thread-safe: every call uses its own lexer and parser.
 */
public final class PatternParser {

    private static final long MAX_INTEGER = (1L << 53) - 1;

    private PatternParser() {
    }

    /** Parses a pattern; throws {@link InvalidPatternException} naming the first fault. */
    public static Pattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        Source source = new Source(pattern);
        StixPatternLexer lexer = new StixPatternLexer(CharStreams.fromString(pattern));
        lexer.removeErrorListeners();
        lexer.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object o, int line, int col, String msg, RecognitionException e) {
                // The lexer has a catch-all token, so this is unreachable; never print, though.
                throw source.error(lexer._tokenStartCharIndex, msg);
            }
        });
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        StixPatternParser parser = new StixPatternParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrors(source, tokens));
        parser.setErrorHandler(new DefaultErrorStrategy() {
            @Override
            public void reportMatch(Parser recognizer) {
                // ANTLR remembers the first loop exit that could not take the next token, to report what
                // that loop expected; forget it once a token matched, so the report is about the current position.
                super.reportMatch(recognizer);
                nextTokensContext = null;
                nextTokensState = ATNState.INVALID_STATE_NUMBER;
            }
        });
        PatternContext tree = parser.pattern();
        return new Pattern(new Builder(source).observations(tree.observationExpressions()));
    }

    /** Whether {@code name} is a valid object type name (sections 2 and 11); null if so, else why not. */
    static String typeNameProblem(String name) {
        if (!name.matches("[a-z0-9-]+")) {
            return "object type '" + name + "' may contain only a-z, 0-9 and '-'";
        }
        if (!Character.isLetter(name.charAt(0))) {
            return "object type '" + name + "' must begin with a letter";
        }
        if (name.contains("--")) {
            return "object type '" + name + "' must not contain two hyphens in a row";
        }
        if (name.length() < 3 || name.length() > 250) {
            return "object type '" + name + "' must be 3 to 250 characters long";
        }
        return null;
    }

    /** The pattern text, for turning code point offsets into line, column and string offset. */
    static final class Source {
        final String text;
        final int[] codePoints;

        Source(String text) {
            this.text = text;
            this.codePoints = text.codePoints().toArray();
        }

        InvalidPatternException error(int codePointOffset, String reason) {
            int at = Math.max(0, Math.min(codePointOffset, codePoints.length));
            int line = 1;
            int column = 1;
            for (int i = 0; i < at; i++) {
                if (codePoints[i] == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new InvalidPatternException(line, column, text.offsetByCodePoints(0, at), reason);
        }

        InvalidPatternException error(Token token, String reason) {
            return error(token.getStartIndex(), reason);
        }

        String between(Token first, Token last) {
            int from = first.getStartIndex();
            int to = last.getStopIndex() + 1;
            return new String(codePoints, from, Math.max(0, to - from));
        }
    }

    /** Turns ANTLR's syntax errors into "expected X after Y but found Z", at Z. */
    private static final class SyntaxErrors extends BaseErrorListener {
        private static final Set<Integer> OPERATORS = Set.of(EQ, NEQ, LT, LE, GT, GE, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET);
        private static final Set<Integer> PRIMITIVES = Set.of(StringLiteral, IntLiteral, FloatLiteral, BoolLiteral,
                BinaryLiteral, HexLiteral, TimestampLiteral);
        private static final Set<Integer> QUALIFIERS = Set.of(WITHIN, REPEATS, START);

        private final Source source;
        private final CommonTokenStream tokens;

        SyntaxErrors(Source source, CommonTokenStream tokens) {
            this.source = source;
            this.tokens = tokens;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                                String msg, RecognitionException e) {
            Token found = (Token) offendingSymbol;
            StixPatternParser parser = (StixPatternParser) recognizer;
            if (found.getType() == UnterminatedString) {
                throw source.error(found, "string starting here is not closed: a ' is missing"
                        + (found.getText().contains("\\'") ? " (\\' inside a string is an escaped quote, not the end)" : ""));
            }
            IntervalSet expectedSet = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
            ParserRuleContext ctx = e != null && e.getCtx() instanceof ParserRuleContext p ? p : parser.getContext();
            String expected = describe(expectedSet, ctx, parser);
            Token previous = found.getTokenIndex() > 0 ? tokens.get(found.getTokenIndex() - 1) : null;
            String after = previous == null ? "" : " after '" + shorten(afterText(ctx, previous)) + "'";
            String reason = "expected " + expected + after + " but found " + foundText(found);
            if (found.getType() == Identifier && expectedSet.contains(EXISTS) && !expectedSet.contains(Identifier)) {
                reason += " (NOT goes between the object path and the operator, e.g. file:name NOT = 'x', or before EXISTS)";
            } else if (found.getType() == UnexpectedChar && found.getText().equals("+")) {
                reason += " (positive numbers are written without '+')";
            } else if (found.getType() == UnexpectedChar && found.getText().equals("\"")) {
                reason += " (strings are quoted with ')";
            }
            throw source.error(found, reason);
        }

        private String afterText(ParserRuleContext ctx, Token previous) {
            for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
                if (c instanceof ComparisonTestContext test && test.objectPath() != null && test.objectPath().stop != null
                        && previous.getTokenIndex() >= test.objectPath().stop.getTokenIndex()) {
                    return source.between(test.objectPath().start, previous);
                }
                if (c instanceof ObjectPathContext path && path.start != null
                        && path.start.getTokenIndex() <= previous.getTokenIndex()) {
                    return source.between(path.start, previous);
                }
            }
            return previous.getText();
        }

        private static String shorten(String s) {
            return s.length() <= 40 ? s : s.substring(0, 37) + "...";
        }

        private static String foundText(Token found) {
            if (found.getType() == Token.EOF) {
                return "the end of the pattern";
            }
            return "'" + shorten(found.getText()) + "'";
        }

        private static boolean inPath(ParserRuleContext ctx) {
            return ctx instanceof ObjectPathContext path && path.getChildCount() > 0
                    || ctx instanceof PathStartContext || ctx instanceof PathStepContext;
        }

        private static String describe(IntervalSet expectedSet, ParserRuleContext ctx, StixPatternParser parser) {
            Set<Integer> set = new TreeSet<>(expectedSet.toList());
            List<String> parts = new ArrayList<>();
            if (set.removeAll(OPERATORS)) {
                parts.add(set.remove(NOT) ? "a comparison operator (or NOT and an operator)" : "a comparison operator");
            }
            if (set.contains(IntLiteral) && set.contains(FloatLiteral) && set.stream().filter(PRIMITIVES::contains).count() == 2) {
                set.remove(IntLiteral);
                set.remove(FloatLiteral);
                parts.add("a number");
            }
            if (set.stream().filter(PRIMITIVES::contains).count() > 1) {
                set.removeAll(PRIMITIVES);
                parts.add(set.remove(LPAREN) ? "a constant or a set ( ... )" : "a constant");
            }
            if (set.containsAll(QUALIFIERS)) {
                set.removeAll(QUALIFIERS);
                parts.add("a qualifier (WITHIN, REPEATS, START)");
            }
            if (set.contains(LBRACK) && set.contains(LPAREN) && !inPath(ctx) && !set.contains(Identifier)) {
                set.remove(LBRACK);
                set.remove(LPAREN);
                parts.add("an observation expression '[ ... ]' or '( ... )'");
            }
            if (set.remove(Identifier)) {
                if (inPath(ctx)) {
                    set.remove(StringLiteral);
                    parts.add("a property name");
                } else {
                    parts.add("an object path");
                }
            }
            boolean end = set.remove(Token.EOF);
            for (int type : set) {
                parts.add(switch (type) {
                    case StringLiteral -> "a string";
                    case IntLiteral -> "an integer";
                    case FloatLiteral -> "a number";
                    case TimestampLiteral -> "a timestamp t'...'";
                    case BoolLiteral -> "true or false";
                    case BinaryLiteral -> "a binary constant b'...'";
                    case HexLiteral -> "a hex constant h'...'";
                    default -> {
                        String name = parser.getVocabulary().getDisplayName(type);
                        yield name.matches("'[A-Z]+'") ? name.substring(1, name.length() - 1) : name;
                    }
                });
            }
            if (end) {
                parts.add("the end of the pattern");
            }
            if (parts.isEmpty()) {
                return "something else";
            }
            if (parts.size() == 1) {
                return parts.getFirst();
            }
            return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.getLast();
        }
    }

    /** Builds the tree from the parse tree, checking the semantic rules. */
    private static final class Builder {
        private final Source source;

        Builder(Source source) {
            this.source = source;
        }

        ObservationExpression observations(ObservationExpressionsContext c) {
            List<ObservationExpression> operands = c.observationExpressionOr().stream().map(this::observationOr).toList();
            return operands.size() == 1 ? operands.getFirst() : new ObservationExpression.FollowedBy(operands);
        }

        private ObservationExpression observationOr(ObservationExpressionOrContext c) {
            List<ObservationExpression> operands = c.observationExpressionAnd().stream().map(this::observationAnd).toList();
            return operands.size() == 1 ? operands.getFirst() : new ObservationExpression.Or(operands);
        }

        private ObservationExpression observationAnd(ObservationExpressionAndContext c) {
            List<ObservationExpression> operands = c.observationExpression().stream().map(this::observation).toList();
            return operands.size() == 1 ? operands.getFirst() : new ObservationExpression.And(operands);
        }

        private ObservationExpression observation(ObservationExpressionContext c) {
            ObservationExpression expression;
            List<QualifierContext> qualifiers;
            if (c instanceof SimpleObservationContext simple) {
                expression = new ObservationExpression.Observation(comparisonOr(simple.comparisonExpression()));
                qualifiers = simple.qualifier();
            } else {
                GroupedObservationContext grouped = (GroupedObservationContext) c;
                expression = observations(grouped.observationExpressions());
                qualifiers = grouped.qualifier();
            }
            Set<Class<?>> seen = new java.util.HashSet<>();
            for (QualifierContext q : qualifiers) {
                Qualifier qualifier = qualifier(q);
                if (!seen.add(qualifier.getClass())) {
                    throw source.error(q.start, "a second " + q.start.getText() + " qualifier on the same observation "
                            + "expression: each kind of qualifier may appear once (use parentheses to qualify a qualified expression)");
                }
                expression = new ObservationExpression.Qualified(expression, qualifier);
            }
            return expression;
        }

        /**
         * A decimal literal within the range of a double. {@code new BigDecimal} throws a bare
         * NumberFormatException for an exponent beyond an int (e.g. {@code 1e10000000301}), which
         * escaped as a crash instead of a refusal with a position (found by fuzzing, StixFuzzTest).
         */
        private BigDecimal decimal(Token t, String what) {
            BigDecimal v;
            try {
                v = new BigDecimal(t.getText());
            } catch (NumberFormatException | ArithmeticException e) {
                throw source.error(t, what + " " + shortText(t.getText()) + " is out of range");
            }
            if (Double.isInfinite(v.doubleValue())) {
                throw source.error(t, what + " " + shortText(t.getText()) + " is out of range");
            }
            return v;
        }

        private Qualifier qualifier(QualifierContext c) {
            if (c instanceof WithinQualifierContext within) {
                Token number = (within.IntLiteral() != null ? within.IntLiteral() : within.FloatLiteral()).getSymbol();
                BigDecimal seconds = decimal(number, "number");
                if (seconds.signum() <= 0) {
                    throw source.error(number, "WITHIN needs a positive number of seconds but found " + number.getText());
                }
                return new Qualifier.Within(seconds);
            }
            if (c instanceof RepeatsQualifierContext repeats) {
                Token number = repeats.IntLiteral().getSymbol();
                long times = parseLong(number);
                if (times <= 0) {
                    throw source.error(number, "REPEATS needs a positive whole number of times but found " + number.getText());
                }
                if (times > Integer.MAX_VALUE) {
                    throw source.error(number, "REPEATS count " + number.getText() + " is too large");
                }
                return new Qualifier.Repeats((int) times);
            }
            StartStopQualifierContext startStop = (StartStopQualifierContext) c;
            Token startToken = startStop.TimestampLiteral(0).getSymbol();
            Token stopToken = startStop.TimestampLiteral(1).getSymbol();
            StixTimestamp start = timestamp(startToken);
            StixTimestamp stop = timestamp(stopToken);
            if (!start.isBefore(stop)) {
                throw source.error(stopToken, "STOP " + stopToken.getText() + " must be later than START " + startToken.getText());
            }
            return new Qualifier.StartStop(start, stop);
        }

        private ComparisonExpression comparisonOr(ComparisonExpressionContext c) {
            List<ComparisonExpression> operands = c.comparisonExpressionAnd().stream().map(this::comparisonAnd).toList();
            return operands.size() == 1 ? operands.getFirst() : new ComparisonExpression.Or(operands);
        }

        private ComparisonExpression comparisonAnd(ComparisonExpressionAndContext c) {
            List<ComparisonExpression> operands = new ArrayList<>();
            Set<String> common = null;
            for (PropTestContext test : c.propTest()) {
                ComparisonExpression operand = propTest(test);
                Set<String> types = objectTypes(operand);
                if (common == null) {
                    common = types;
                } else {
                    Set<String> both = new LinkedHashSet<>(common);
                    both.retainAll(types);
                    if (both.isEmpty()) {
                        throw source.error(test.start, "comparisons joined by AND must hold for one and the same object, but this "
                                + "one is about " + names(types) + " and the ones before it about " + names(common)
                                + " (join comparisons of different object types with OR)");
                    }
                    common = both;
                }
                operands.add(operand);
            }
            return operands.size() == 1 ? operands.getFirst() : new ComparisonExpression.And(operands);
        }

        private static String names(Set<String> types) {
            return types.stream().map(t -> "'" + t + "'").reduce((a, b) -> a + " or " + b).orElse("");
        }

        /** The object types an expression can hold for: one type for AND (checked), any of them for OR. */
        private static Set<String> objectTypes(ComparisonExpression e) {
            Set<String> types = new LinkedHashSet<>();
            switch (e) {
                case Comparison c -> types.add(c.path().objectType());
                case Exists x -> types.add(x.path().objectType());
                case ComparisonExpression.Or or -> or.operands().forEach(o -> types.addAll(objectTypes(o)));
                case ComparisonExpression.And and -> {
                    types.addAll(objectTypes(and.operands().getFirst()));
                    and.operands().forEach(o -> types.retainAll(objectTypes(o)));
                }
            }
            return types;
        }

        private ComparisonExpression propTest(PropTestContext c) {
            if (c instanceof GroupedTestContext grouped) {
                return comparisonOr(grouped.comparisonExpression());
            }
            if (c instanceof ExistsTestContext exists) {
                return new Exists(objectPath(exists.objectPath()), exists.NOT() != null);
            }
            ComparisonTestContext test = (ComparisonTestContext) c;
            ObjectPath path = objectPath(test.objectPath());
            Token operatorToken = test.comparisonOperator().start;
            ComparisonOperator operator = operator(operatorToken);
            Constant value = constant(test.constant());
            checkOperands(path, test.objectPath().start, operator, operatorToken, value, test.constant().start);
            return new Comparison(path, test.NOT() != null, operator, value);
        }

        private static ComparisonOperator operator(Token t) {
            for (ComparisonOperator op : ComparisonOperator.values()) {
                if (op.symbol().equals(t.getText())) {
                    return op;
                }
            }
            throw new IllegalStateException("unknown operator " + t.getText());
        }

        private void checkOperands(ObjectPath path, Token pathToken, ComparisonOperator op, Token opToken,
                                   Constant value, Token valueToken) {
            String name = op.symbol();
            if (op == ComparisonOperator.IN) {
                if (!(value instanceof SetConstant)) {
                    throw source.error(valueToken, "IN needs a set of constants in parentheses, e.g. ('a', 'b'), but found "
                            + kind(value));
                }
                return;
            }
            if (value instanceof SetConstant) {
                throw source.error(valueToken, name + " cannot compare with a set: only IN takes a set");
            }
            switch (op) {
                case LT, LE, GT, GE -> {
                    if (value instanceof BooleanConstant) {
                        throw source.error(valueToken, name + " orders values, but booleans have no order: use = or !=");
                    }
                }
                case LIKE, MATCHES, ISSUBSET, ISSUPERSET -> {
                    if (!(value instanceof StringConstant s)) {
                        throw source.error(valueToken, name + " needs a string constant but found " + kind(value));
                    }
                    if (op == ComparisonOperator.MATCHES) {
                        try {
                            java.util.regex.Pattern.compile(s.value(), java.util.regex.Pattern.DOTALL);
                        } catch (PatternSyntaxException e) {
                            throw source.error(valueToken, "MATCHES needs a valid regular expression: " + e.getDescription()
                                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() + " of '" + s.value() + "'" : ""));
                        }
                    }
                    if (op == ComparisonOperator.ISSUBSET || op == ComparisonOperator.ISSUPERSET) {
                        checkNetwork(path, pathToken, name, s.value(), valueToken);
                    }
                }
                default -> {
                }
            }
        }

        private void checkNetwork(ObjectPath path, Token pathToken, String op, String value, Token valueToken) {
            if (!(path.steps().getLast() instanceof ObjectPath.Step.Property p) || !p.name().equals("value")) {
                throw source.error(pathToken, op + " compares the value of an ipv4-addr or ipv6-addr object: "
                        + "the object path must end in 'value'");
            }
            boolean direct = path.steps().size() == 1;
            if (direct && !path.objectType().equals("ipv4-addr") && !path.objectType().equals("ipv6-addr")) {
                throw source.error(pathToken, op + " applies to ipv4-addr and ipv6-addr values, not to '"
                        + path.objectType() + "'");
            }
            IpNetwork network = IpNetwork.parse(value).orElseThrow(() -> source.error(valueToken, op
                    + " needs an IPv4 or IPv6 address or CIDR block such as '198.51.100.0/24' but found '" + value + "'"));
            if (direct && (network.address().length == 4) != path.objectType().equals("ipv4-addr")) {
                throw source.error(valueToken, "'" + value + "' is not an address of the same family as "
                        + path.objectType() + ":value");
            }
        }

        private ObjectPath objectPath(ObjectPathContext c) {
            Token type = c.Identifier().getSymbol();
            String problem = typeNameProblem(type.getText());
            if (problem != null) {
                throw source.error(type, problem);
            }
            List<ObjectPath.Step> steps = new ArrayList<>();
            steps.add(new ObjectPath.Step.Property(propertyName(c.pathStart().Identifier(), c.pathStart().StringLiteral())));
            for (PathStepContext step : c.pathStep()) {
                if (step instanceof PropertyStepContext p) {
                    steps.add(new ObjectPath.Step.Property(propertyName(p.Identifier(), p.StringLiteral())));
                } else {
                    IndexStepContext index = (IndexStepContext) step;
                    if (index.ASTERISK() != null) {
                        steps.add(new ObjectPath.Step.AnyIndex());
                    } else {
                        Token n = index.IntLiteral().getSymbol();
                        if (n.getText().startsWith("-")) {
                            throw source.error(n, "list index " + n.getText() + " is negative: use 0 to N-1, or * for any element");
                        }
                        long i = parseLong(n);
                        if (i > Integer.MAX_VALUE) {
                            throw source.error(n, "list index " + n.getText() + " is too large");
                        }
                        steps.add(new ObjectPath.Step.Index((int) i));
                    }
                }
            }
            return new ObjectPath(type.getText(), steps);
        }

        private String propertyName(TerminalNode identifier, TerminalNode quoted) {
            if (identifier != null) {
                String name = identifier.getText();
                if (name.contains("-")) {
                    throw source.error(identifier.getSymbol(), "property name " + name + " contains '-' and must be quoted: '"
                            + name + "'");
                }
                return name;
            }
            String name = string(quoted.getSymbol());
            if (name.isEmpty()) {
                throw source.error(quoted.getSymbol(), "property name is empty");
            }
            return name;
        }

        private Constant constant(ConstantContext c) {
            if (c instanceof PrimitiveConstantContext p) {
                return primitive(p.primitive());
            }
            SetConstantContext set = (SetConstantContext) c;
            List<Constant> elements = new ArrayList<>();
            for (PrimitiveContext p : set.primitive()) {
                Constant element = primitive(p);
                if (!elements.isEmpty() && !kind(element).equals(kind(elements.getFirst()))) {
                    throw source.error(p.start, "a set holds constants of one type, but this is " + kind(element)
                            + " and the first is " + kind(elements.getFirst()));
                }
                elements.add(element);
            }
            return new SetConstant(elements);
        }

        private static String kind(Constant c) {
            return switch (c) {
                case StringConstant s -> "a string";
                case IntegerConstant i -> "an integer";
                case FloatConstant f -> "a float";
                case BooleanConstant b -> "a boolean";
                case BinaryConstant b -> b.writtenAsHex() ? "a hex constant" : "a binary constant";
                case TimestampConstant t -> "a timestamp";
                case SetConstant s -> "a set";
            };
        }

        private Constant primitive(PrimitiveContext c) {
            Token t = c.start;
            String text = t.getText();
            return switch (t.getType()) {
                case StringLiteral -> new StringConstant(string(t));
                case IntLiteral -> {
                    long v = parseLong(t);
                    if (Math.abs(v) > MAX_INTEGER) {
                        throw source.error(t, "integer " + text + " is out of range: STIX integers lie within ±(2^53-1)");
                    }
                    yield new IntegerConstant(v);
                }
                case FloatLiteral -> new FloatConstant(decimal(t, "float"));
                case BoolLiteral -> new BooleanConstant(text.equals("true"));
                case BinaryLiteral -> {
                    String body = text.substring(2, text.length() - 1).replace("\n", "").replace("\r", "");
                    try {
                        yield new BinaryConstant(Base64.getDecoder().decode(body), false);
                    } catch (IllegalArgumentException e) {
                        throw source.error(t, "invalid base64 in binary constant " + shortText(text) + ": " + e.getMessage());
                    }
                }
                case HexLiteral -> new BinaryConstant(hex(t), true);
                case TimestampLiteral -> new TimestampConstant(timestamp(t));
                default -> throw source.error(t, "expected a constant but found '" + text + "'");
            };
        }

        private static String shortText(String text) {
            return text.length() <= 40 ? text : text.substring(0, 37) + "...'";
        }

        private byte[] hex(Token t) {
            String text = t.getText();
            String body = text.substring(2, text.length() - 1);
            int offset = 2;
            for (int i = 0; i < body.length(); ) {
                int cp = body.codePointAt(i);
                if (!(cp >= '0' && cp <= '9' || cp >= 'a' && cp <= 'f')) {
                    throw source.error(t.getStartIndex() + offset, "invalid hex digit '" + Character.toString(cp) + "' in "
                            + shortText(text) + ": only 0-9 and a-f are allowed");
                }
                i += Character.charCount(cp);
                offset++;
            }
            if (body.length() % 2 != 0) {
                throw source.error(t, "hex constant " + shortText(text) + " has an odd number of digits (" + body.length()
                        + "): every byte needs two");
            }
            return java.util.HexFormat.of().parseHex(body);
        }

        private StixTimestamp timestamp(Token t) {
            String text = t.getText();
            return StixTimestamp.tryParse(text.substring(2, text.length() - 1)).orElseThrow(() -> source.error(t,
                    "invalid timestamp " + shortText(text) + ": expected a UTC timestamp such as t'2016-01-01T00:00:00Z'"));
        }

        private long parseLong(Token t) {
            try {
                return Long.parseLong(t.getText());
            } catch (NumberFormatException e) {
                throw source.error(t, "number " + t.getText() + " is out of range");
            }
        }

        /** The value of a '...' literal: only \' and \\ may be escaped (section 9.2). */
        private String string(Token t) {
            String raw = t.getText();
            StringBuilder value = new StringBuilder(raw.length());
            int at = t.getStartIndex() + 1;
            int i = 1;
            int end = raw.length() - 1;
            while (i < end) {
                int cp = raw.codePointAt(i);
                if (cp == '\\') {
                    int next = raw.codePointAt(i + 1);
                    if (next != '\'' && next != '\\') {
                        throw source.error(at, "invalid escape '\\" + Character.toString(next)
                                + "' in a string: only \\' and \\\\ may follow a backslash");
                    }
                    value.appendCodePoint(next);
                    i += 1 + Character.charCount(next);
                    at += 2;
                } else {
                    value.appendCodePoint(cp);
                    i += Character.charCount(cp);
                    at++;
                }
            }
            return value.toString();
        }
    }
}
