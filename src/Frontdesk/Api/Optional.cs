using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frontdesk.Api;

/// <summary>
/// A PATCH field: absent (leave as is), null (clear) or a value. System.Text.Json only calls the converter
/// when the property is present, so the default value means "absent".
/// </summary>
[JsonConverter(typeof(OptionalConverterFactory))]
public readonly struct Optional<T>
{
    public Optional(T? value)
    {
        Value = value;
        IsSet = true;
    }

    public bool IsSet { get; }

    public T? Value { get; }
}

public sealed class OptionalConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return new(default);
            }

            // The inner converter is called directly (not through JsonSerializer) so a bad value's error keeps its JSON path.
            var inner = (JsonConverter<T>)options.GetConverter(typeof(T));
            return new(inner.Read(ref reader, typeof(T), options));
        }

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
