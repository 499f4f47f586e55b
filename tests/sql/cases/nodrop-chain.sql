WITH
events AS (
  SELECT *, CAST(to_unixtime(try(from_iso8601_timestamp(eventtime))) * 1000 AS BIGINT) AS "_messagetime", NULLIF('{' || concat_ws(',',
    CASE WHEN "eventversion" IS NOT NULL THEN '"eventVersion":' || '"' || replace(replace(replace(replace(replace("eventversion", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"userIdentity":' || NULLIF('{' || concat_ws(',',
    CASE WHEN "useridentity"."type" IS NOT NULL THEN '"type":' || '"' || replace(replace(replace(replace(replace("useridentity"."type", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."principalid" IS NOT NULL THEN '"principalId":' || '"' || replace(replace(replace(replace(replace("useridentity"."principalid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."arn" IS NOT NULL THEN '"arn":' || '"' || replace(replace(replace(replace(replace("useridentity"."arn", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."accountid" IS NOT NULL THEN '"accountId":' || '"' || replace(replace(replace(replace(replace("useridentity"."accountid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."invokedby" IS NOT NULL THEN '"invokedBy":' || '"' || replace(replace(replace(replace(replace("useridentity"."invokedby", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."accesskeyid" IS NOT NULL THEN '"accessKeyId":' || '"' || replace(replace(replace(replace(replace("useridentity"."accesskeyid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."username" IS NOT NULL THEN '"userName":' || '"' || replace(replace(replace(replace(replace("useridentity"."username", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"onBehalfOf":' || NULLIF('{' || concat_ws(',',
    CASE WHEN "useridentity"."onbehalfof"."userid" IS NOT NULL THEN '"userId":' || '"' || replace(replace(replace(replace(replace("useridentity"."onbehalfof"."userid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."onbehalfof"."identitystorearn" IS NOT NULL THEN '"identityStoreArn":' || '"' || replace(replace(replace(replace(replace("useridentity"."onbehalfof"."identitystorearn", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END) || '}', '{}'),
    '"sessionContext":' || NULLIF('{' || concat_ws(',',
    '"attributes":' || NULLIF('{' || concat_ws(',',
    CASE WHEN "useridentity"."sessioncontext"."attributes"."mfaauthenticated" IS NOT NULL THEN '"mfaAuthenticated":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."attributes"."mfaauthenticated", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."sessioncontext"."attributes"."creationdate" IS NOT NULL THEN '"creationDate":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."attributes"."creationdate", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END) || '}', '{}'),
    '"sessionIssuer":' || NULLIF('{' || concat_ws(',',
    CASE WHEN "useridentity"."sessioncontext"."sessionissuer"."type" IS NOT NULL THEN '"type":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."sessionissuer"."type", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."sessioncontext"."sessionissuer"."principalid" IS NOT NULL THEN '"principalId":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."sessionissuer"."principalid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."sessioncontext"."sessionissuer"."arn" IS NOT NULL THEN '"arn":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."sessionissuer"."arn", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."sessioncontext"."sessionissuer"."accountid" IS NOT NULL THEN '"accountId":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."sessionissuer"."accountid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useridentity"."sessioncontext"."sessionissuer"."username" IS NOT NULL THEN '"userName":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."sessionissuer"."username", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END) || '}', '{}'),
    CASE WHEN "useridentity"."sessioncontext"."ec2roledelivery" IS NOT NULL THEN '"ec2RoleDelivery":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."ec2roledelivery", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"webIdFederationData":' || NULLIF('{' || concat_ws(',',
    CASE WHEN "useridentity"."sessioncontext"."webidfederationdata"."federatedprovider" IS NOT NULL THEN '"federatedProvider":' || '"' || replace(replace(replace(replace(replace("useridentity"."sessioncontext"."webidfederationdata"."federatedprovider", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"attributes":' || json_format(CAST("useridentity"."sessioncontext"."webidfederationdata"."attributes" AS JSON))) || '}', '{}')) || '}', '{}')) || '}', '{}'),
    CASE WHEN "eventtime" IS NOT NULL THEN '"eventTime":' || '"' || replace(replace(replace(replace(replace("eventtime", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "eventsource" IS NOT NULL THEN '"eventSource":' || '"' || replace(replace(replace(replace(replace("eventsource", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "eventname" IS NOT NULL THEN '"eventName":' || '"' || replace(replace(replace(replace(replace("eventname", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "awsregion" IS NOT NULL THEN '"awsRegion":' || '"' || replace(replace(replace(replace(replace("awsregion", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "sourceipaddress" IS NOT NULL THEN '"sourceIPAddress":' || '"' || replace(replace(replace(replace(replace("sourceipaddress", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "useragent" IS NOT NULL THEN '"userAgent":' || '"' || replace(replace(replace(replace(replace("useragent", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "errorcode" IS NOT NULL THEN '"errorCode":' || '"' || replace(replace(replace(replace(replace("errorcode", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "errormessage" IS NOT NULL THEN '"errorMessage":' || '"' || replace(replace(replace(replace(replace("errormessage", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"requestParameters":' || "requestparameters",
    '"responseElements":' || "responseelements",
    '"additionalEventData":' || "additionaleventdata",
    CASE WHEN "requestid" IS NOT NULL THEN '"requestID":' || '"' || replace(replace(replace(replace(replace("requestid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "eventid" IS NOT NULL THEN '"eventID":' || '"' || replace(replace(replace(replace(replace("eventid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN lower("readonly") IN ('true', 'false') THEN '"readOnly":' || lower("readonly") WHEN "readonly" IS NOT NULL THEN '"readOnly":' || '"' || replace(replace(replace(replace(replace("readonly", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"resources":' || '[' || array_join(transform("resources", r -> NULLIF('{' || concat_ws(',',
    CASE WHEN r."arn" IS NOT NULL THEN '"ARN":' || '"' || replace(replace(replace(replace(replace(r."arn", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN r."accountid" IS NOT NULL THEN '"accountId":' || '"' || replace(replace(replace(replace(replace(r."accountid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN r."type" IS NOT NULL THEN '"type":' || '"' || replace(replace(replace(replace(replace(r."type", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END) || '}', '{}')), ',') || ']',
    CASE WHEN "eventtype" IS NOT NULL THEN '"eventType":' || '"' || replace(replace(replace(replace(replace("eventtype", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "apiversion" IS NOT NULL THEN '"apiVersion":' || '"' || replace(replace(replace(replace(replace("apiversion", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "recipientaccountid" IS NOT NULL THEN '"recipientAccountId":' || '"' || replace(replace(replace(replace(replace("recipientaccountid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"serviceEventDetails":' || "serviceeventdetails",
    CASE WHEN "sharedeventid" IS NOT NULL THEN '"sharedEventID":' || '"' || replace(replace(replace(replace(replace("sharedeventid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "vpcendpointid" IS NOT NULL THEN '"vpcEndpointId":' || '"' || replace(replace(replace(replace(replace("vpcendpointid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "vpcendpointaccountid" IS NOT NULL THEN '"vpcEndpointAccountId":' || '"' || replace(replace(replace(replace(replace("vpcendpointaccountid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "eventcategory" IS NOT NULL THEN '"eventCategory":' || '"' || replace(replace(replace(replace(replace("eventcategory", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"addendum":' || NULLIF('{' || concat_ws(',',
    CASE WHEN "addendum"."reason" IS NOT NULL THEN '"reason":' || '"' || replace(replace(replace(replace(replace("addendum"."reason", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "addendum"."updatedfields" IS NOT NULL THEN '"updatedFields":' || '"' || replace(replace(replace(replace(replace("addendum"."updatedfields", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "addendum"."originalrequestid" IS NOT NULL THEN '"originalRequestID":' || '"' || replace(replace(replace(replace(replace("addendum"."originalrequestid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "addendum"."originaleventid" IS NOT NULL THEN '"originalEventID":' || '"' || replace(replace(replace(replace(replace("addendum"."originaleventid", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END) || '}', '{}'),
    CASE WHEN "sessioncredentialfromconsole" IS NOT NULL THEN '"sessionCredentialFromConsole":' || '"' || replace(replace(replace(replace(replace("sessioncredentialfromconsole", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "edgedevicedetails" IS NOT NULL THEN '"edgeDeviceDetails":' || '"' || replace(replace(replace(replace(replace("edgedevicedetails", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    '"tlsDetails":' || NULLIF('{' || concat_ws(',',
    CASE WHEN "tlsdetails"."tlsversion" IS NOT NULL THEN '"tlsVersion":' || '"' || replace(replace(replace(replace(replace("tlsdetails"."tlsversion", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "tlsdetails"."ciphersuite" IS NOT NULL THEN '"cipherSuite":' || '"' || replace(replace(replace(replace(replace("tlsdetails"."ciphersuite", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END,
    CASE WHEN "tlsdetails"."clientprovidedhostheader" IS NOT NULL THEN '"clientProvidedHostHeader":' || '"' || replace(replace(replace(replace(replace("tlsdetails"."clientprovidedhostheader", '\', '\\'), '"', '\"'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t') || '"' END) || '}', '{}')) || '}', '{}') AS "_raw" FROM cloudtrail_logs
),
s1 AS (
  SELECT *, CASE WHEN regexp_like("_raw", '(?s)"userName":"(.*?)"') THEN regexp_extract("_raw", '(?s)"userName":"(.*?)"', 1) END AS "user_name", COALESCE(regexp_like("_raw", '(?s)"userName":"(.*?)"'), FALSE) AS "_matched" FROM events
),
s2 AS (
  SELECT *, "useridentity"."principalid" AS "principal_id", COALESCE(("useridentity"."principalid" IS NOT NULL), FALSE) AS "_matched_2" FROM s1
),
s3 AS (
  SELECT *, CASE WHEN regexp_like("principal_id", ':(.+)') THEN regexp_extract("principal_id", ':(.+)', 1) END AS "user_principal", COALESCE(regexp_like("principal_id", ':(.+)'), FALSE) AS "_matched_3" FROM s2
),
s4 AS (
  SELECT *, CASE WHEN COALESCE((COALESCE("user_name", '') = ''), FALSE) THEN "user_principal" ELSE "user_name" END AS "user" FROM s3
),
s5 AS (
  SELECT * FROM (SELECT *, CASE WHEN regexp_like("_raw", '(?s)"eventName":"(.*?)"') THEN regexp_extract("_raw", '(?s)"eventName":"(.*?)"', 1) END AS "event_name", COALESCE(regexp_like("_raw", '(?s)"eventName":"(.*?)"'), FALSE) AS "_matched_4" FROM s4) AS x WHERE "_matched_4" OR "_matched" OR "_matched_2" OR "_matched_3"
),
s6 AS (
  SELECT "user" AS "by0", "event_name" AS "by1", count(*) AS "agg2" FROM s5 GROUP BY "user", "event_name"
)
SELECT "by0" AS "user", "by1" AS "event_name", "agg2" AS "_count"
FROM s6
