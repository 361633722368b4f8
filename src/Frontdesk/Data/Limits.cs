namespace Frontdesk.Data;

/// <summary>Sizes the API enforces and the schema reflects.</summary>
public static class Limits
{
    public const int SubjectLength = 250;
    public const int BodyLength = 256 * 1024;
    public const int TagsPerTicket = 50;
    public const int NameLength = 200;
}
