/*
 * STIX 2.1 patterning (specification chapter 9), written from the specification text.
 *
 * Precedence (section 9.5.3, loosest first): FOLLOWEDBY, OR, AND between observation expressions;
 * qualifiers (section 9.5.1) bind to the bracketed or parenthesised expression directly before them
 * ("qualifiers are not greedy", section 9.5.2). Inside brackets (section 9.6): OR, then AND, then a
 * single comparison or a parenthesised comparison expression. NOT goes between the object path and
 * the operator, or before EXISTS (section 9.6.1).
 *
 * The grammar is deliberately a little wider than the language where a semantic check gives a
 * clearer message than a syntax error: any constant may follow any operator, any identifier may be a
 * type or property name, binary/hex/timestamp literal bodies are any text between the quotes, and a
 * string may contain any escape. PatternParser checks all of these with exact positions.
 */
grammar StixPattern;

pattern
    : observationExpressions EOF
    ;

observationExpressions
    : observationExpressionOr (FOLLOWEDBY observationExpressionOr)*
    ;

observationExpressionOr
    : observationExpressionAnd (OR observationExpressionAnd)*
    ;

observationExpressionAnd
    : observationExpression (AND observationExpression)*
    ;

observationExpression
    : LBRACK comparisonExpression RBRACK qualifier*       # simpleObservation
    | LPAREN observationExpressions RPAREN qualifier*     # groupedObservation
    ;

qualifier
    : WITHIN (IntLiteral | FloatLiteral) SECONDS          # withinQualifier
    | REPEATS IntLiteral TIMES                            # repeatsQualifier
    | START TimestampLiteral STOP TimestampLiteral        # startStopQualifier
    ;

comparisonExpression
    : comparisonExpressionAnd (OR comparisonExpressionAnd)*
    ;

comparisonExpressionAnd
    : propTest (AND propTest)*
    ;

propTest
    : objectPath NOT? comparisonOperator constant         # comparisonTest
    | NOT? EXISTS objectPath                              # existsTest
    | LPAREN comparisonExpression RPAREN                  # groupedTest
    ;

comparisonOperator
    : EQ | NEQ | LT | LE | GT | GE | IN | LIKE | MATCHES | ISSUBSET | ISSUPERSET
    ;

constant
    : primitive                                           # primitiveConstant
    | LPAREN primitive (COMMA primitive)* RPAREN          # setConstant
    ;

primitive
    : StringLiteral
    | IntLiteral
    | FloatLiteral
    | BoolLiteral
    | BinaryLiteral
    | HexLiteral
    | TimestampLiteral
    ;

objectPath
    : Identifier COLON pathStart pathStep*
    ;

pathStart
    : Identifier
    | StringLiteral
    ;

pathStep
    : DOT (Identifier | StringLiteral)                    # propertyStep
    | LBRACK (IntLiteral | ASTERISK) RBRACK               # indexStep
    ;

// ---- lexer -------------------------------------------------------------------------------------

AND        : 'AND';
OR         : 'OR';
NOT        : 'NOT';
FOLLOWEDBY : 'FOLLOWEDBY';
LIKE       : 'LIKE';
MATCHES    : 'MATCHES';
ISSUPERSET : 'ISSUPERSET';
ISSUBSET   : 'ISSUBSET';
EXISTS     : 'EXISTS';
IN         : 'IN';
START      : 'START';
STOP       : 'STOP';
SECONDS    : 'SECONDS';
TIMES      : 'TIMES';
WITHIN     : 'WITHIN';
REPEATS    : 'REPEATS';

BoolLiteral      : 'true' | 'false';
BinaryLiteral    : 'b\'' ~[']* '\'';
HexLiteral       : 'h\'' ~[']* '\'';
TimestampLiteral : 't\'' ~[']* '\'';
StringLiteral    : '\'' ( '\\' . | ~['\\] )* '\'';

FloatLiteral : '-'? ( [0-9]* '.' [0-9]+ Exponent? | [0-9]+ Exponent );
IntLiteral   : '-'? [0-9]+;
fragment Exponent : [eE] [+-]? [0-9]+;

Identifier : [a-zA-Z_] [a-zA-Z0-9_-]*;

EQ       : '=';
NEQ      : '!=';
LE       : '<=';
LT       : '<';
GE       : '>=';
GT       : '>';
LBRACK   : '[';
RBRACK   : ']';
LPAREN   : '(';
RPAREN   : ')';
COLON    : ':';
DOT      : '.';
COMMA    : ',';
ASTERISK : '*';

WS : [\p{White_Space}]+ -> skip;

// Never a lexer error: these reach the parser, whose error listener names them.
UnterminatedString : [bht]? '\'' ( '\\' . | ~['\\] )*;
UnexpectedChar     : .;
