import CYaml

/// Finds YAML anchors (`&name`) and aliases (`*name`) with libyaml's scanner, before a file is
/// composed. A few aliased lines can stand for an exponentially large tree (the "billion
/// laughs"), which would hang composing and every walk over it; input files never need them.
enum AnchorScan {
    struct Found {
        var line: Int
        var column: Int
        var isAlias: Bool
    }

    /// The first anchor or alias in `text` (1-based line and column), or nil. A scanning error
    /// ends the search: composing reports it with its position.
    static func first(in text: String) -> Found? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Found? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var token = yaml_token_t()
            while yaml_parser_scan(&parser, &token) == 1 {
                let type = token.type
                let mark = token.start_mark
                yaml_token_delete(&token)
                switch type {
                case YAML_ANCHOR_TOKEN, YAML_ALIAS_TOKEN:
                    return Found(line: Int(mark.line) + 1, column: Int(mark.column) + 1, isAlias: type == YAML_ALIAS_TOKEN)
                case YAML_STREAM_END_TOKEN, YAML_NO_TOKEN:
                    return nil
                default:
                    continue
                }
            }
            return nil
        }
    }
}
