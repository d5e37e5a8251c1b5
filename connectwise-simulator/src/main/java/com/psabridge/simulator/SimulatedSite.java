package com.psabridge.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything one simulated ConnectWise site holds: login companies, members, boards,
 * tickets and the records written to them. Thread-safe: a worker hits it with dozens of
 * calls in flight.
 */
final class SimulatedSite {

	static final int API_MEMBER_ID = 250;

	static final String API_MEMBER_IDENTIFIER = "APIMember";

	static final int DEFAULT_BOARD_ID = 1;

	private final Clock clock;

	private final Map<String, Company> companies = new ConcurrentHashMap<>();

	private final Map<Integer, Member> members = new ConcurrentHashMap<>();

	private final Member apiMember;

	private final Map<Integer, Board> boards = new ConcurrentHashMap<>();

	private final Map<Long, Ticket> tickets = new ConcurrentHashMap<>();

	private final Set<Long> removedTickets = ConcurrentHashMap.newKeySet();

	private final Map<Long, List<ObjectNode>> notes = new ConcurrentHashMap<>();

	private final List<ObjectNode> timeEntries = Collections.synchronizedList(new ArrayList<>());

	private final List<ObjectNode> callbacks = new ArrayList<>();

	// Ids keep counting across reset(): a stale id held by a client never names a new
	// record.
	private final AtomicLong noteIds = new AtomicLong(1000);

	private final AtomicLong timeEntryIds = new AtomicLong(5000);

	private final AtomicLong callbackIds = new AtomicLong(26500);

	SimulatedSite(Clock clock) {
		this.clock = clock;
		this.apiMember = new Member(API_MEMBER_ID, API_MEMBER_IDENTIFIER, "API", "Member", null, false, now());
		addBoard(DEFAULT_BOARD_ID, IntStream.rangeClosed(1, 30).boxed().collect(Collectors.toSet()));
	}

	Instant now() {
		return this.clock.instant();
	}

	// accounts

	void addCompany(Company company) {
		this.companies.put(company.companyId().toLowerCase(Locale.ROOT), company);
	}

	/**
	 * Company ids are case-insensitive in ConnectWise logins.
	 */
	Optional<Company> company(String companyId) {
		return Optional.ofNullable(this.companies.get(companyId.toLowerCase(Locale.ROOT)));
	}

	List<Company> companies() {
		return List.copyOf(this.companies.values());
	}

	void addMember(Member member) {
		if (member.id() == API_MEMBER_ID) {
			throw new IllegalArgumentException("Member id " + API_MEMBER_ID + " is the simulator's API member");
		}
		this.members.put(member.id(), member);
	}

	Member apiMember() {
		return this.apiMember;
	}

	Optional<Member> member(int id) {
		return (id == API_MEMBER_ID) ? Optional.of(this.apiMember) : Optional.ofNullable(this.members.get(id));
	}

	Optional<Member> member(String identifier) {
		if (API_MEMBER_IDENTIFIER.equalsIgnoreCase(identifier)) {
			return Optional.of(this.apiMember);
		}
		return this.members.values().stream().filter((m) -> m.identifier().equalsIgnoreCase(identifier)).findFirst();
	}

	/**
	 * The technicians, without the API member (ConnectWise lists API members apart).
	 */
	List<Member> members() {
		return this.members.values().stream().sorted(Comparator.comparingInt(Member::id)).toList();
	}

	void addBoard(int boardId, Set<Integer> statusIds) {
		String name = (boardId == DEFAULT_BOARD_ID) ? "Service Board" : "Board " + boardId;
		this.boards.put(boardId, new Board(boardId, name, statusIds));
	}

	Optional<Board> board(int boardId) {
		return Optional.ofNullable(this.boards.get(boardId));
	}

	// tickets

	void addTicket(long ticketId, int boardId) {
		Board board = board(boardId).orElseThrow(() -> new IllegalArgumentException("No board " + boardId));
		this.tickets.put(ticketId, new Ticket(ticketId, boardId, board.defaultStatusId(), now()));
		this.removedTickets.remove(ticketId);
	}

	void removeTicket(long ticketId) {
		this.removedTickets.add(ticketId);
		this.tickets.remove(ticketId);
	}

	/**
	 * Any ticket not removed exists (on the default board unless added elsewhere), so
	 * tests need no setup for the common case.
	 */
	Optional<Ticket> ticket(long ticketId) {
		if (this.removedTickets.contains(ticketId)) {
			return Optional.empty();
		}
		Board board = this.boards.get(DEFAULT_BOARD_ID);
		return Optional.of(this.tickets.computeIfAbsent(ticketId,
				(id) -> new Ticket(id, DEFAULT_BOARD_ID, board.defaultStatusId(), now())));
	}

	/**
	 * The ticket if a call or a test has touched it; does not create one.
	 */
	Optional<Ticket> existingTicket(long ticketId) {
		return Optional.ofNullable(this.tickets.get(ticketId));
	}

	/**
	 * @return the status, the default board's first status for an untouched ticket, or
	 * {@code null} for a removed one
	 */
	Integer statusIdOf(long ticketId) {
		if (this.removedTickets.contains(ticketId)) {
			return null;
		}
		Ticket ticket = this.tickets.get(ticketId);
		return (ticket != null) ? ticket.statusId() : this.boards.get(DEFAULT_BOARD_ID).defaultStatusId();
	}

	Board boardOf(Ticket ticket) {
		return this.boards.get(ticket.boardId());
	}

	// records

	long nextNoteId() {
		return this.noteIds.getAndIncrement();
	}

	void addNote(long ticketId, ObjectNode note) {
		this.notes.computeIfAbsent(ticketId, (id) -> Collections.synchronizedList(new ArrayList<>()))
			.add(Json.asParsed(note));
	}

	List<ObjectNode> notes(long ticketId) {
		List<ObjectNode> stored = this.notes.get(ticketId);
		if (stored == null) {
			return List.of();
		}
		synchronized (stored) {
			return copies(stored);
		}
	}

	long nextTimeEntryId() {
		return this.timeEntryIds.getAndIncrement();
	}

	void addTimeEntry(ObjectNode entry) {
		this.timeEntries.add(Json.asParsed(entry));
	}

	List<ObjectNode> timeEntries() {
		synchronized (this.timeEntries) {
			return copies(this.timeEntries);
		}
	}

	/**
	 * Registers a callback unless an equal one exists; checked and added under one lock
	 * so two concurrent registrations cannot both succeed.
	 * @return the stored callback, or empty when a matching one already exists
	 */
	Optional<ObjectNode> addCallback(Function<Long, ObjectNode> build, Predicate<ObjectNode> same) {
		synchronized (this.callbacks) {
			if (this.callbacks.stream().anyMatch(same)) {
				return Optional.empty();
			}
			ObjectNode callback = Json.asParsed(build.apply(this.callbackIds.getAndIncrement()));
			this.callbacks.add(callback);
			return Optional.of(callback.deepCopy());
		}
	}

	boolean removeCallback(long id) {
		synchronized (this.callbacks) {
			return this.callbacks.removeIf((c) -> c.path("id").asLong() == id);
		}
	}

	List<ObjectNode> callbacks() {
		synchronized (this.callbacks) {
			return copies(this.callbacks);
		}
	}

	/**
	 * Forgets tickets and everything written; keeps companies, members and boards.
	 */
	void reset() {
		this.tickets.clear();
		this.removedTickets.clear();
		this.notes.clear();
		this.timeEntries.clear();
		synchronized (this.callbacks) {
			this.callbacks.clear();
		}
	}

	private static List<ObjectNode> copies(List<ObjectNode> nodes) {
		return nodes.stream().map(ObjectNode::deepCopy).toList();
	}

}
