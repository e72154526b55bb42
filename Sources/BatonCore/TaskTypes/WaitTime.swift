import Foundation

/// The times a WAIT task understands, as Conductor writes them.
enum WaitTime {
    /// The seconds in a duration such as "2d 3h 10m 30s", "1 day 2 hours", "45s" or "10 mins";
    /// `nil` when it is not one. Units may be given in that order only, each at most once.
    static func seconds(in text: String) -> Int? {
        let units: [(names: [String], seconds: Int)] = [
            (["days", "day", "d"], 86_400), (["hours", "hour", "hrs", "hr", "h"], 3_600),
            (["minutes", "minute", "mins", "min", "m"], 60), (["seconds", "second", "secs", "sec", "s"], 1),
        ]
        var rest = Substring(text.lowercased())
        var total = 0
        var unitIndex = 0
        var sawAny = false
        while true {
            rest = rest.drop { $0 == " " }
            if rest.isEmpty { break }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count < 12, let number = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            var matched = false
            while unitIndex < units.count, !matched {
                if let name = units[unitIndex].names.first(where: { rest.hasPrefix($0) }) {
                    let after = rest.dropFirst(name.count)
                    if after.first.map({ $0.isLetter }) != true {
                        total += number * units[unitIndex].seconds
                        rest = after
                        matched = true
                    }
                }
                unitIndex += 1
            }
            guard matched else { return nil }
            sawAny = true
        }
        return sawAny ? total : nil
    }

    /// The epoch milliseconds of "yyyy-MM-dd", "yyyy-MM-dd HH:mm" or "yyyy-MM-dd HH:mm ZONE"
    /// (an identifier such as "Europe/Paris", an abbreviation such as "UTC" or "PST", or an offset
    /// such as "+02:00"); UTC when no zone is given, so the result never depends on the machine.
    static func epochMilliseconds(of text: String) -> Int? {
        let parts = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard let date = parts.first else { return nil }
        let ymd = date.split(separator: "-").map { Int($0) }
        guard ymd.count == 3, let year = ymd[0], let month = ymd[1], let day = ymd[2] else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0)
        if parts.count > 1 {
            let hm = parts[1].split(separator: ":").map { Int($0) }
            guard hm.count == 2, let hour = hm[0], let minute = hm[1], (0..<24).contains(hour), (0..<60).contains(minute) else {
                return nil
            }
            components.hour = hour
            components.minute = minute
        }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        var zone = TimeZone(identifier: "UTC")!
        if parts.count > 2 {
            guard let named = timeZone(parts[2].trimmingCharacters(in: .whitespaces)) else { return nil }
            zone = named
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        components.timeZone = zone
        guard let moment = calendar.date(from: components),
            calendar.component(.day, from: moment) == day
        else { return nil }
        return Int((moment.timeIntervalSince1970 * 1000).rounded())
    }

    private static func timeZone(_ name: String) -> TimeZone? {
        if name == "Z" { return TimeZone(identifier: "UTC") }
        if let sign = name.first, sign == "+" || sign == "-" {
            let digits = name.dropFirst().filter { $0 != ":" }
            guard digits.count == 4, let value = Int(digits) else { return nil }
            let seconds = (value / 100 * 3600 + value % 100 * 60) * (sign == "-" ? -1 : 1)
            return TimeZone(secondsFromGMT: seconds)
        }
        return TimeZone(identifier: name) ?? TimeZone(abbreviation: name)
    }
}
