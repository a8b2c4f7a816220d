import ArgumentParser
import MCIPGenerate
import MCIPModel
import MCIPPipeline

struct Taxonomy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the taxonomy as a table or JSON.", discussion: "Example: mcip taxonomy --format json")

    enum Format: String, ExpressibleByArgument { case table, json }

    @Option(help: "table or json.") var format = Format.table
    @OptionGroup var inputs: InputOptions

    func run() throws {
        try reporting {
            let taxonomy = try TaxonomyLoader.load(inputs.templatesURL.appendingPathComponent("taxonomy.yaml"))
            switch format {
            case .json: print(taxonomy.json.canonical)
            case .table: print(TaxonomyTable.render(taxonomy))
            }
        }
    }
}
