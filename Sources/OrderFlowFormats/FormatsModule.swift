/// Readers and writers at the edge: XML and CSV drops, the catalog, results and rejects.
///
/// Everything here turns bytes into the core's values or the core's values into bytes;
/// no rule or price is decided here.
public enum OrderFlowFormats {}
