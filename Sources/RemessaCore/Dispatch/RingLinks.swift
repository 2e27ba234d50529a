/// Circular doubly linked lists threaded through arrays of node numbers: O(1) append, removal and rotation, with
/// no hashing.
///
/// A node is in at most one ring at a time. A ring is known by its front node, which the caller stores and passes
/// in; rotating a ring is moving its front to ``after(_:)``.
struct RingLinks: Sendable {
    private var next: [Int] = []
    private var previous: [Int] = []

    /// The node after `node` in its ring (`node` itself when it is alone).
    func after(_ node: Int) -> Int {
        self.next[node]
    }

    /// Adds `node`, in no ring, at the back of the ring whose front is `front` (just before the front).
    mutating func append(_ node: Int, front: inout Int?) {
        while self.next.count <= node {
            self.next.append(self.next.count)
            self.previous.append(self.previous.count)
        }
        guard let first = front else {
            self.next[node] = node
            self.previous[node] = node
            front = node
            return
        }
        let last = self.previous[first]
        self.next[node] = first
        self.previous[node] = last
        self.next[last] = node
        self.previous[first] = node
    }

    /// Removes `node` from the ring whose front is `front`; if it was the front, the node after it takes the turn.
    mutating func remove(_ node: Int, front: inout Int?) {
        let after = self.next[node]
        let before = self.previous[node]
        if after == node {
            front = nil
        } else {
            self.next[before] = after
            self.previous[after] = before
            if front == node { front = after }
        }
        self.next[node] = node
        self.previous[node] = node
    }
}
