using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lab.EstServer.Admin;

/// <summary>JSON of the admin API: camelCase names, enums as camelCase strings, indented for people reading curl output.</summary>
public static class AdminJson
{
    /// <summary>Options configured like the admin API's.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the admin API's settings to <paramref name="options"/>.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.WriteIndented = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
