import BatonClient
import BatonModel
import Foundation

/// The definitions found in the files given to `baton def register`.
struct DefBundle: Equatable {
    var taskDefs: [TaskDef] = []
    var workflowDefs: [WorkflowDef] = []

    /// Reads one definition file, deciding what it holds by its shape:
    /// - an object with `taskDefs` and/or `workflowDefs` arrays: a bundle of both;
    /// - an object with a `tasks` array: one workflow definition;
    /// - any other object with a `name`: one task definition;
    /// - an array: task definitions (an element with a `tasks` array counts as a workflow definition).
    ///
    /// Errors name the file and, for a bad field, its path (`workflowDefs[0].tasks[1]`).
    static func parse(_ data: Data, file: String) throws(CLIError) -> DefBundle {
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw CLIError("\(file): not valid JSON")
        }
        // Decode the whole document again as the shape found, so that errors carry the full path.
        do {
            switch json {
            case .object(let members) where members["taskDefs"] != nil || members["workflowDefs"] != nil:
                let bundle = try JSONDecoder().decode(BundleFile.self, from: data)
                return try nonEmpty(DefBundle(taskDefs: bundle.taskDefs ?? [], workflowDefs: bundle.workflowDefs ?? []), file: file)
            case .object(let members) where members["tasks"] != nil:
                return DefBundle(workflowDefs: [try JSONDecoder().decode(WorkflowDef.self, from: data)])
            case .object(let members) where members["name"] != nil:
                return DefBundle(taskDefs: [try JSONDecoder().decode(TaskDef.self, from: data)])
            case .array:
                var bundle = DefBundle()
                for element in try JSONDecoder().decode([Element].self, from: data) {
                    switch element {
                    case .task(let def): bundle.taskDefs.append(def)
                    case .workflow(let def): bundle.workflowDefs.append(def)
                    }
                }
                return try nonEmpty(bundle, file: file)
            default:
                break
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(file): \(describe(decodingError: error))")
        }
        throw CLIError(
            "\(file): expected a workflow definition, an array of task definitions, or an object with taskDefs/workflowDefs"
        )
    }

    mutating func append(_ other: DefBundle) {
        taskDefs += other.taskDefs
        workflowDefs += other.workflowDefs
    }

    private static func nonEmpty(_ bundle: DefBundle, file: String) throws(CLIError) -> DefBundle {
        if bundle.taskDefs.isEmpty && bundle.workflowDefs.isEmpty { throw CLIError("\(file): no definitions found") }
        return bundle
    }

    /// `{"taskDefs": [...], "workflowDefs": [...]}`.
    private struct BundleFile: Decodable {
        var taskDefs: [TaskDef]?
        var workflowDefs: [WorkflowDef]?
    }

    /// An element of a top-level array: a workflow definition when it has a `tasks` array, else a task definition.
    private enum Element: Decodable {
        case task(TaskDef)
        case workflow(WorkflowDef)

        init(from decoder: any Decoder) throws {
            let shape = try JSONValue(from: decoder)
            if shape["tasks"]?.arrayValue != nil {
                self = .workflow(try WorkflowDef(from: decoder))
            } else {
                self = .task(try TaskDef(from: decoder))
            }
        }
    }
}
