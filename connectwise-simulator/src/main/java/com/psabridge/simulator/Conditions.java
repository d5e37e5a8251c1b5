package com.psabridge.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * ConnectWise's {@code conditions} and {@code orderBy} query languages, as far as the
 * pipeline uses them: {@code =, !=, <, <=, >, >=, like, not like, contains, in, not in},
 * {@code and}, {@code or}, parentheses; values {@code 12}, {@code "text"},
 * {@code [2026-11-22T14:00:00Z]}, {@code true}, {@code false}, {@code null}. Strings
 * compare case-insensitively, as on ConnectWise's SQL Server collation.
 */
final class Conditions {

	private static final Object NULL = new Object();

	private final String text;

	private final Fields fields;

	private final List<String> tokens;

	private int position;

	private Conditions(String text, Fields fields) {
		this.text = text;
		this.fields = fields;
		this.tokens = tokenize(text);
	}

	/**
	 * A {@code conditions} or {@code orderBy} value that cannot be used; answered with
	 * 400.
	 */
	static final class InvalidQuery extends RuntimeException {

		private final String field;

		InvalidQuery(String message, String field) {
			super(message);
			this.field = field;
		}

		String field() {
			return this.field;
		}

	}

	static Predicate<JsonNode> parse(String text, Fields fields) {
		if (text == null || text.isBlank()) {
			return (record) -> true;
		}
		Conditions parser = new Conditions(text, fields);
		Predicate<JsonNode> predicate = parser.orExpression();
		if (parser.position < parser.tokens.size()) {
			throw parser.unexpected();
		}
		return predicate;
	}

	/**
	 * Parses {@code orderBy}, e.g. {@code id desc, dateCreated asc}.
	 */
	static Comparator<JsonNode> orderBy(String text, Fields fields) {
		Comparator<JsonNode> byId = Comparator.comparing((record) -> record.path("id").asLong());
		if (text == null || text.isBlank()) {
			return byId;
		}
		Comparator<JsonNode> comparator = null;
		for (String part : text.split(",")) {
			String[] words = part.trim().split("\\s+");
			String path = fields.resolve(words[0]);
			if (path == null || words.length > 2) {
				throw new InvalidQuery(
						"Invalid orderBy: cannot order " + fields.resource() + " by '" + part.trim() + "'", words[0]);
			}
			boolean descending = words.length == 2 && words[1].equalsIgnoreCase("desc");
			if (words.length == 2 && !descending && !words[1].equalsIgnoreCase("asc")) {
				throw new InvalidQuery("Invalid orderBy: expected asc or desc after " + words[0], words[0]);
			}
			Comparator<JsonNode> next = Comparator.comparing((record) -> Fields.valueAt(record, path),
					Comparator.nullsFirst(Conditions::compareValues));
			next = descending ? next.reversed() : next;
			comparator = (comparator != null) ? comparator.thenComparing(next) : next;
		}
		return comparator.thenComparing(byId);
	}

	private static int compareValues(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			return a.decimalValue().compareTo(b.decimalValue());
		}
		return a.asText().compareToIgnoreCase(b.asText());
	}

	// grammar: or := and ("or" and)* ; and := term ("and" term)* ; term := "(" or ")" |
	// comparison

	private Predicate<JsonNode> orExpression() {
		Predicate<JsonNode> left = andExpression();
		while (acceptWord("or")) {
			left = left.or(andExpression());
		}
		return left;
	}

	private Predicate<JsonNode> andExpression() {
		Predicate<JsonNode> left = term();
		while (acceptWord("and")) {
			left = left.and(term());
		}
		return left;
	}

	private Predicate<JsonNode> term() {
		if (accept("(")) {
			Predicate<JsonNode> inner = orExpression();
			expect(")");
			return inner;
		}
		return comparison();
	}

	private Predicate<JsonNode> comparison() {
		String name = next("a field name");
		String path = this.fields.resolve(name);
		if (path == null) {
			throw new InvalidQuery("Invalid conditions: " + this.fields.resource() + " has no field '" + name + "'",
					name);
		}
		boolean negated = acceptWord("not");
		if (acceptWord("like")) {
			Pattern pattern = likePattern(stringValue());
			Predicate<JsonNode> like = (record) -> {
				JsonNode value = Fields.valueAt(record, path);
				return value != null && pattern.matcher(value.asText()).matches();
			};
			return negated ? like.negate() : like;
		}
		if (acceptWord("in")) {
			expect("(");
			List<Object> values = new ArrayList<>();
			do {
				values.add(value());
			}
			while (accept(","));
			expect(")");
			Predicate<JsonNode> in = (record) -> values.stream()
				.anyMatch((value) -> matchesEqual(Fields.valueAt(record, path), value));
			return negated ? in.negate() : in;
		}
		if (negated) {
			throw unexpected();
		}
		if (acceptWord("contains")) {
			String needle = stringValue().toLowerCase(Locale.ROOT);
			return (record) -> {
				JsonNode value = Fields.valueAt(record, path);
				return value != null && value.asText().toLowerCase(Locale.ROOT).contains(needle);
			};
		}
		String operator = next("an operator");
		Object value = value();
		return switch (operator) {
			case "=" -> (record) -> matchesEqual(Fields.valueAt(record, path), value);
			case "!=", "<>" -> (record) -> !matchesEqual(Fields.valueAt(record, path), value);
			case "<" -> (record) -> compare(Fields.valueAt(record, path), value, (c) -> c < 0);
			case "<=" -> (record) -> compare(Fields.valueAt(record, path), value, (c) -> c <= 0);
			case ">" -> (record) -> compare(Fields.valueAt(record, path), value, (c) -> c > 0);
			case ">=" -> (record) -> compare(Fields.valueAt(record, path), value, (c) -> c >= 0);
			default ->
				throw new InvalidQuery("Invalid conditions: unknown operator '" + operator + "' after " + name, name);
		};
	}

	private Object value() {
		String token = next("a value");
		if (token.startsWith("\"") || token.startsWith("'")) {
			return token.substring(1, token.length() - 1);
		}
		if (token.startsWith("[")) {
			Instant instant = Json.parseDate(token.substring(1, token.length() - 1));
			if (instant == null) {
				throw new InvalidQuery("Invalid conditions: " + token + " is not a date", null);
			}
			return instant;
		}
		if (token.equalsIgnoreCase("true") || token.equalsIgnoreCase("false")) {
			return Boolean.valueOf(token);
		}
		if (token.equalsIgnoreCase("null")) {
			return NULL;
		}
		try {
			return new BigDecimal(token);
		}
		catch (NumberFormatException ex) {
			// ConnectWise wants strings quoted; a bare word is a client bug worth
			// surfacing.
			throw new InvalidQuery("Invalid conditions: the value " + token + " must be quoted, a number, a "
					+ "[date], true, false or null", null);
		}
	}

	private String stringValue() {
		Object value = value();
		if (!(value instanceof String string)) {
			throw new InvalidQuery("Invalid conditions: like and contains take a quoted string", null);
		}
		return string;
	}

	private static boolean matchesEqual(JsonNode node, Object value) {
		if (value == NULL) {
			return node == null;
		}
		if (node == null) {
			return false;
		}
		if (value instanceof Boolean bool) {
			return node.isBoolean() && node.booleanValue() == bool;
		}
		if (value instanceof String string) {
			return node.asText().equalsIgnoreCase(string);
		}
		Integer comparison = compareTo(node, value);
		return comparison != null && comparison == 0;
	}

	private static boolean compare(JsonNode node, Object value, IntPredicate test) {
		Integer comparison = (node != null) ? compareTo(node, value) : null;
		return comparison != null && test.test(comparison);
	}

	private static Integer compareTo(JsonNode node, Object value) {
		if (value instanceof BigDecimal number) {
			if (node.isNumber()) {
				return node.decimalValue().compareTo(number);
			}
			try {
				return new BigDecimal(node.asText()).compareTo(number);
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		if (value instanceof Instant instant) {
			Instant stored = Json.parseDate(node.asText());
			return (stored != null) ? stored.compareTo(instant) : null;
		}
		if (value instanceof String string) {
			return node.asText().compareToIgnoreCase(string);
		}
		return null;
	}

	private static Pattern likePattern(String like) {
		StringBuilder regex = new StringBuilder();
		for (char c : like.toCharArray()) {
			switch (c) {
				case '%' -> regex.append(".*");
				case '_' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
	}

	// tokens

	private static List<String> tokenize(String text) {
		List<String> tokens = new ArrayList<>();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '"' || c == '\'') {
				int end = i + 1;
				StringBuilder value = new StringBuilder().append(c);
				while (end < text.length() && text.charAt(end) != c) {
					if (text.charAt(end) == '\\' && end + 1 < text.length()) {
						end++;
					}
					value.append(text.charAt(end));
					end++;
				}
				if (end >= text.length()) {
					throw new InvalidQuery("Invalid conditions: unterminated string in " + text, null);
				}
				tokens.add(value.append(c).toString());
				i = end + 1;
			}
			else if (c == '[') {
				int end = text.indexOf(']', i);
				if (end < 0) {
					throw new InvalidQuery("Invalid conditions: unterminated [date] in " + text, null);
				}
				tokens.add(text.substring(i, end + 1));
				i = end + 1;
			}
			else if (c == '(' || c == ')' || c == ',') {
				tokens.add(String.valueOf(c));
				i++;
			}
			else if ("=!<>".indexOf(c) >= 0) {
				int end = i + 1;
				while (end < text.length() && "=!<>".indexOf(text.charAt(end)) >= 0) {
					end++;
				}
				tokens.add(text.substring(i, end));
				i = end;
			}
			else {
				int end = i;
				while (end < text.length() && !Character.isWhitespace(text.charAt(end))
						&& "=!<>()[],\"'".indexOf(text.charAt(end)) < 0) {
					end++;
				}
				tokens.add(text.substring(i, end));
				i = end;
			}
		}
		return tokens;
	}

	private boolean accept(String token) {
		if (this.position < this.tokens.size() && this.tokens.get(this.position).equals(token)) {
			this.position++;
			return true;
		}
		return false;
	}

	private boolean acceptWord(String word) {
		if (this.position < this.tokens.size() && this.tokens.get(this.position).equalsIgnoreCase(word)) {
			this.position++;
			return true;
		}
		return false;
	}

	private void expect(String token) {
		if (!accept(token)) {
			throw unexpected();
		}
	}

	private String next(String what) {
		if (this.position >= this.tokens.size()) {
			throw new InvalidQuery("Invalid conditions: expected " + what + " at the end of '" + this.text + "'", null);
		}
		return this.tokens.get(this.position++);
	}

	private InvalidQuery unexpected() {
		String found = (this.position < this.tokens.size()) ? "'" + this.tokens.get(this.position) + "'" : "the end";
		return new InvalidQuery("Invalid conditions: unexpected " + found + " in '" + this.text + "'", null);
	}

}
