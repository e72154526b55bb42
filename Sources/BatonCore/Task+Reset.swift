import BatonModel

extension Task {
    /// The attempt made ready to run again at `now` after `delayMilliseconds`: SCHEDULED with
    /// `input`, its output, worker, poll count and times cleared. Identity and reason stay as they
    /// were; a retry gives it a new id, a rerun keeps the old one.
    func readied(at now: Int, input: [String: JSONValue], delayMilliseconds: Int = 0) -> Task {
        var task = self
        task.status = .scheduled
        task.inputData = input
        task.outputData = [:]
        task.executed = false
        task.retried = false
        task.pollCount = 0
        task.scheduledTime = now
        task.startTime = 0
        task.endTime = 0
        task.updateTime = now
        task.workerId = nil
        task.startDelayInSeconds = delayMilliseconds / 1000
        task.callbackAfterSeconds = delayMilliseconds / 1000
        return task
    }
}
