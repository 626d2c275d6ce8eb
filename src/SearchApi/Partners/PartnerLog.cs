namespace Search.SearchApi.Partners;

/// <summary>Partner-key events. Keys never appear here: only their ids.</summary>
internal static partial class PartnerLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Partner key {KeyId} created for {Name}")]
    public static partial void KeyCreated(ILogger logger, string keyId, string name);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Partner key {KeyId} revoked")]
    public static partial void KeyRevoked(ILogger logger, string keyId);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Partner search refused ({Reason}) for key {KeyId} from origin {Origin}")]
    public static partial void Refused(ILogger logger, string reason, string keyId, string origin);
}
