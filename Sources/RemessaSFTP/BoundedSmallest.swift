/// Keeps the `limit` smallest elements offered to it, in a binary max-heap: each offer costs O(log limit) and
/// memory never exceeds `limit` elements, however many are offered.
struct BoundedSmallest<Element> {
    let limit: Int
    let areInIncreasingOrder: (Element, Element) -> Bool
    /// The kept elements; the largest is at the root.
    private var heap: [Element] = []

    init(limit: Int, by areInIncreasingOrder: @escaping (Element, Element) -> Bool) {
        self.limit = max(0, limit)
        self.areInIncreasingOrder = areInIncreasingOrder
    }

    /// How many elements are kept.
    var count: Int { self.heap.count }

    /// Keeps `element` if fewer than `limit` are kept or it is smaller than the largest kept one (which goes).
    mutating func offer(_ element: Element) {
        guard self.limit > 0 else { return }
        if self.heap.count < self.limit {
            self.heap.append(element)
            self.siftUp(from: self.heap.count - 1)
        } else if self.areInIncreasingOrder(element, self.heap[0]) {
            self.heap[0] = element
            self.siftDown(from: 0)
        }
    }

    /// The kept elements, smallest first.
    func sorted() -> [Element] {
        self.heap.sorted(by: self.areInIncreasingOrder)
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard self.areInIncreasingOrder(self.heap[parent], self.heap[child]) else { return }
            self.heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            var largest = parent
            for child in [2 * parent + 1, 2 * parent + 2]
            where child < self.heap.count && self.areInIncreasingOrder(self.heap[largest], self.heap[child]) {
                largest = child
            }
            guard largest != parent else { return }
            self.heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
