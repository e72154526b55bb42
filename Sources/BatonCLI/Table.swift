/// Formats rows as left-aligned columns separated by two spaces, with an optional header row.
///
/// Cells are single-line (line breaks become spaces); trailing spaces are trimmed; a row shorter
/// than the widest one is padded with empty cells. Widths count characters (grapheme clusters).
///
/// ```
/// ID    NAME        STATUS
/// a1b2  order_flow  RUNNING
/// ```
func formatTable(header: [String]? = nil, rows: [[String]]) -> String {
    let all = ((header.map { [$0] } ?? []) + rows).map { row in
        row.map { cell in cell.split(whereSeparator: \.isNewline).joined(separator: " ") }
    }
    let columns = all.map(\.count).max() ?? 0
    var widths = Array(repeating: 0, count: columns)
    for row in all {
        for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return all.map { row in
        var line = ""
        for index in 0..<columns {
            let cell = index < row.count ? row[index] : ""
            line += cell
            if index < columns - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
        }
        while line.last == " " { line.removeLast() }
        return line
    }.joined(separator: "\n")
}
