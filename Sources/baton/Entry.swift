import GRDB
import Hummingbird
import ArgumentParser
import AsyncHTTPClient
@main struct Entry { static func main() {} }
