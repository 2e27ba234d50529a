/// A set kept in a circular order with a front: O(1) append at the back, removal anywhere, and rotation.
///
/// A doubly linked ring keyed by the elements themselves, so removing an element needs no search.
struct RoundRobinRing<Element: Hashable & Sendable>: Sendable {
    private struct Links: Sendable {
        var previous: Element
        var next: Element
    }

    private var links: [Element: Links] = [:]
    /// The element whose turn it is, `nil` when the ring is empty.
    private(set) var front: Element?

    var isEmpty: Bool {
        self.front == nil
    }

    var count: Int {
        self.links.count
    }

    func contains(_ element: Element) -> Bool {
        self.links[element] != nil
    }

    /// Adds `element` at the back, just before the front; an element already in the ring keeps its place.
    mutating func append(_ element: Element) {
        guard self.links[element] == nil else { return }
        guard let front = self.front, let last = self.links[front]?.previous else {
            self.links[element] = Links(previous: element, next: element)
            self.front = element
            return
        }
        self.links[element] = Links(previous: last, next: front)
        self.links[last]?.next = element
        self.links[front]?.previous = element
    }

    /// Removes `element`; if it was the front, the element after it takes the turn.
    mutating func remove(_ element: Element) {
        guard let removed = self.links.removeValue(forKey: element) else { return }
        guard removed.next != element else {
            self.front = nil
            return
        }
        self.links[removed.previous]?.next = removed.next
        self.links[removed.next]?.previous = removed.previous
        if self.front == element {
            self.front = removed.next
        }
    }

    /// Moves the front to the back: the next element takes the turn.
    mutating func advance() {
        guard let front = self.front else { return }
        self.front = self.links[front]?.next
    }
}
